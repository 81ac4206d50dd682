"""The bars every page keeps in a real browser, shared by the page walks and the journeys."""

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
PAGE_BUDGET_BYTES = 150 * 1024
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
# Bytes of the page and everything it loaded (decoded bodies, so a cached stylesheet counts too).
WEIGHT = """() => [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
    .reduce((total, entry) => total + entry.decodedBodySize, 0)"""
# Hosts other than the site's own that the page or anything it loaded came from.
OTHER_HOSTS = """() => [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
    .map((entry) => new URL(entry.name).host).filter((host) => host !== location.host)"""
