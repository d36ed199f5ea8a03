"""Import every core model so that the metadata is complete."""

from core.access.models import AccessScope  # noqa: F401
from core.actions.models import (  # noqa: F401
    Action,
    ActionChain,
    ActionPreference,
    CalendarFeedToken,
)
from core.auth.models import (  # noqa: F401
    ApiToken,
    LoginFailure,
    PasswordReset,
    Profile,
    ProfileGrant,
    Team,
    User,
)
from core.budgets.models import Budget, BudgetAgency, BudgetContact, BudgetRole  # noqa: F401
from core.comments.models import Comment  # noqa: F401
from core.directory.images import RecordImage  # noqa: F401
from core.directory.models import Address, Company, CompanyPortfolio, Contact  # noqa: F401
from core.directory.multi import ContactLink  # noqa: F401
from core.documents.models import Document  # noqa: F401
from core.history.models import (  # noqa: F401
    HistoryChange,
    HistoryEvent,
    Merge,
    MergeRow,
    RecentRecord,
)
from core.keywords.models import (  # noqa: F401
    Keyword,
    KeywordFamily,
    Qualification,
    RecordKeyword,
    RecordQualification,
)
from core.lists.models import (  # noqa: F401
    ListCriteria,
    ListInfo,
    ListOperation,
    ListRow,
    ListType,
    RecordList,
)
from core.mail.models import (  # noqa: F401
    CapturedAttachment,
    CapturedMail,
    CapturePosition,
    MailFiling,
    UnsentMail,
)
from core.notifications.models import (  # noqa: F401
    Notification,
    NotificationSubscription,
)
from core.opportunities.models import Opportunity, OpportunityLine  # noqa: F401
from core.reference.models import (  # noqa: F401
    ActionType,
    CompanyType,
    Function,
    FunctionFamily,
    OpportunityStatus,
    Product,
    Sector,
    Situation,
)
from core.search.models import (  # noqa: F401
    SavedSearch,
    SearchAction,
    SearchCompany,
    SearchContact,
)
from core.transfer.models import ExportJob, ImportJob  # noqa: F401
