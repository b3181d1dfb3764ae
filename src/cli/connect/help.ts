export const CONNECT_HELP = `Usage: taskrouter-assigner connect --workspace WS… [--workflow WW…]… [--fallback-url URL] [--apply] [--take-over]

Points TaskRouter at this service: each Workflow's AssignmentCallbackUrl (PUBLIC_BASE_URL +
/taskrouter/assignment), the Workspace's EventCallbackUrl (PUBLIC_BASE_URL + /taskrouter/events)
and its EventsFilter (every event the service uses, plus those already there). Reads the same
environment as the service: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and
TWILIO_API_SECRET), TASKROUTER_BASE_URL, PUBLIC_BASE_URL.

  --workspace WS…       the Workspace (required)
  --workflow WW…        a Workflow to connect (repeat); default: every Workflow of the Workspace
  --fallback-url URL    also set each Workflow's FallbackAssignmentCallbackUrl
  --apply               make the changes (without it, nothing is changed: the diff is printed)
  --take-over           replace callback URLs that point at another host
  -h, --help            this help

Exit status: 0 done or nothing to do, 1 error or refused, 2 bad usage, 3 changes pending
(without --apply).`;
