"""What certificates tell the apps that build on them, without importing any of them."""

from django.dispatch import Signal

# Sent inside the revoking transaction with `certificate`: what it certified no longer counts
# (competencies withdraws the evidence that came from its source).
certificate_revoked = Signal()
