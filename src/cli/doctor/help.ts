export const DOCTOR_HELP = `Usage: taskrouter-assigner doctor --workspace WS… [--workflow WW…]… [--json]

Checks what would break in production, with the same environment as the service: the
configuration loads; PUBLIC_BASE_URL is https; the credentials work (the Workspace can be
fetched); each Workflow sends its Assignment Callbacks here and its TaskReservationTimeout leaves
room for DEADLINE_MARGIN_MS and a retry; the Workspace sends its events here and its EventsFilter
covers the events the service uses; Redis is reachable, 6.2 or later, maxmemory-policy noeviction,
AOF on, and answers quickly; the rules load and their tests pass; the local clock agrees with
TaskRouter's Date header. Each failed line says how to fix it.

  --workspace WS…   the Workspace (required)
  --workflow WW…    a Workflow to check (repeat); default: every Workflow of the Workspace
  --json            print {"ok": …, "checks": [{name, status, detail, fix}]} instead
  -h, --help        this help

Exit status: 0 every check passed, 1 a check failed, 2 bad usage.`;
