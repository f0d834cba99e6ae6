"""One APIRouter per resource; each depends on the token (``current_adviser``) before any body."""
