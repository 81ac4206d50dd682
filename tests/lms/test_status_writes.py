"""Every status change goes through a service and the workflow core: this test reads the
source and fails when any other module assigns a status, creates or updates rows with a status,
or saves an object of a status-bearing model."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("lms", "certificates", "courses", "fellowships", "simulation", "cms")
# The workflow core and the outbox (which keeps the status of its own messages) may write status.
CORE = {Path("lms/workflow.py"), Path("lms/outbox.py")}
# Variable names the project gives objects of status-bearing models (names from the domain).
STATUS_BEARING = {
    "application",
    "booking",
    "session",
    "enrolment",
    "submission",
    "certificate",
    "notification",
    "message",
    "placement",
}
WRITE_METHODS = {"create", "update", "update_or_create", "get_or_create", "bulk_create", "bulk_update"}


def _allowed(path: Path) -> bool:
    return path.name == "services.py" or path in CORE or "migrations" in path.parts


def _is_setattr_of_status(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "setattr"
        and len(node.args) > 1
        and isinstance(node.args[1], ast.Constant)
        and node.args[1].value == "status"
    )


def _violations(path: Path) -> list[str]:
    found = []
    tree = ast.parse((ROOT / path).read_text(), filename=str(path))
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr == "status":
                found.append(f"{path}:{node.lineno} assigns .status")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in WRITE_METHODS and any(keyword.arg == "status" for keyword in node.keywords):
                found.append(f"{path}:{node.lineno} {node.func.attr}(status=...)")
            receiver = node.func.value
            if node.func.attr == "save" and isinstance(receiver, ast.Name) and receiver.id in STATUS_BEARING:
                found.append(f"{path}:{node.lineno} {receiver.id}.save()")
        if _is_setattr_of_status(node):
            found.append(f"{path}:{node.lineno} setattr(..., 'status', ...)")
    return found


def _modules() -> list[Path]:
    return sorted(
        path.relative_to(ROOT)
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if not _allowed(path.relative_to(ROOT))
    )


def test_no_module_but_services_and_the_workflow_core_writes_a_status():
    violations = [line for path in _modules() for line in _violations(path)]

    assert violations == []


def test_the_check_catches_each_kind_of_status_write(tmp_path, monkeypatch):
    # given a module that writes status in every way the check looks for
    sample = tmp_path / "views.py"
    sample.write_text(
        "booking.status = 'cancelled'\n"
        "Booking.objects.create(session=s, status='confirmed')\n"
        "Booking.objects.filter(pk=1).update(status='attended')\n"
        "booking.save()\n"
        "setattr(certificate, 'status', 'revoked')\n"
        "Booking.objects.filter(status='confirmed')\n"
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)

    found = _violations(Path("views.py"))

    assert [line.split(" ", 1)[0] for line in found] == [f"views.py:{n}" for n in (1, 2, 3, 4, 5)]
