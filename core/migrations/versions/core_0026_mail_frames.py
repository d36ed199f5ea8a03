"""search: e-mail addresses framed apart in the contacts' index

Revision ID: core_0026_mail_frames
Revises: core_0025_search_indexes
Create Date: 2026-12-04 23:55:00.000000

The anchors of the search box (``*fr``: ends with "fr") matched the end of
every e-mail address. Addresses now have frames of their own in the index,
which anchored terms never match: the contacts' rows are written again.
"""

from alembic import op

revision = "core_0026_mail_frames"
down_revision = "core_0025_search_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from sqlalchemy.orm import Session

    from core.directory.models import Contact
    from core.search.index import rebuild

    session = Session(bind=op.get_bind())
    rebuild(session, models={Contact})
    session.flush()


def downgrade() -> None:
    """The older code finds the framed addresses as any other text."""
