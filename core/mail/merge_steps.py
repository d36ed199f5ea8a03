"""Captured mail follows its contacts and companies into a merge.

A filing records which contact a mail was filed on; once the contact is
merged, the mail belongs to the kept one, so an inbox association there
finds it already filed instead of filing it a second time.
"""

from __future__ import annotations

from core.directory.services.merge_steps import MergeStep, column_step
from core.i18n import _


def mail_steps() -> list[MergeStep]:
    from core.mail.models import MailFiling

    return [
        column_step(
            "mail.mail_filing.contact_id",
            "contact",
            _("Filed e-mails"),
            MailFiling,
            "contact_id",
            unique_with=("mail_id",),
            order=55,
        ),
        column_step(
            "mail.mail_filing.company_id",
            "company",
            _("Filed e-mails"),
            MailFiling,
            "company_id",
            order=55,
        ),
    ]
