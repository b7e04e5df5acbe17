/**
 * Kysely table types for the whole product. Timestamps are epoch milliseconds (bigint on
 * PostgreSQL, integer on SQLite); booleans are 0/1 integers; JSON is stored as text and
 * parsed with Zod when read, so every dialect stores the same thing.
 */
import type { Insertable, Selectable, Updateable } from 'kysely';

type Flag = 0 | 1;

export interface WorkspacesTable {
  id: string;
  name: string;
  settings_json: string;
  created_at: number;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  is_instance_owner: Flag;
  created_at: number;
  password_changed_at: number;
}

export type Role = 'owner' | 'editor' | 'viewer';

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: Role;
  created_at: number;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token: a leaked table cannot be replayed as cookies. */
  id: string;
  user_id: string;
  workspace_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  user_agent: string;
}

export interface AuthThrottleTable {
  key: string;
  failures: number;
  window_started_at: number;
  locked_until: number;
}

export interface InstanceSettingsTable {
  key: string;
  value_json: string;
}

export interface InvitesTable {
  id: string;
  workspace_id: string;
  token_hash: string;
  role: Role;
  created_by: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
}

export interface PagesTable {
  id: string;
  workspace_id: string;
  slug: string;
  title: string;
  template_id: string | null;
  draft_json: string;
  draft_revision: number;
  published_version_id: string | null;
  created_at: number;
  updated_at: number;
  /** Archived: out of the page list and offline until restored. */
  archived_at: number | null;
  /** Deleted: out of every list, its address given up; the row stays for its leads. */
  deleted_at: number | null;
  /** A variant of an experiment on that page: no address of its own, never listed. */
  variant_of: string | null;
}

export interface PageVersionsTable {
  id: string;
  page_id: string;
  workspace_id: string;
  version_no: number;
  document_json: string;
  published_at: number;
  published_by: string | null;
}

export interface AssetsTable {
  id: string;
  workspace_id: string;
  file_name: string;
  content_type: string;
  bytes: number;
  width: number | null;
  height: number | null;
  created_at: number;
}

export interface VisitorsTable {
  id: string;
  workspace_id: string;
  /** The random id the tracker keeps in the visitor's browser. */
  public_id: string;
  lead_id: string | null;
  first_seen_at: number;
  last_seen_at: number;
  visits: number;
  distinct_days: number;
  engaged_ms: number;
  sources_json: string;
}

export interface VisitsTable {
  id: string;
  workspace_id: string;
  visitor_id: string;
  /**
   * The lead the visit is credited to: whoever had identified themselves on the browser
   * when it was made (a shared browser changes hands). Null while the browser is anonymous.
   */
  lead_id: string | null;
  page_id: string;
  started_at: number;
  last_event_at: number;
  engaged_ms: number;
  max_scroll: number;
  blocks_seen_json: string;
  clicks: number;
  pages_viewed: number;
  referrer: string | null;
  utm_json: string;
  device: string | null;
}

export interface EventsTable {
  /** Made by the tracker, so a replayed batch is recognised and stored once. */
  id: string;
  workspace_id: string;
  visit_id: string;
  visitor_id: string;
  page_id: string;
  type: string;
  at: number;
  data_json: string;
  received_at: number;
}

export type Tier = 'hot' | 'warm' | 'cold';
export type LeadStatus = 'new' | 'contacted' | 'qualified' | 'won' | 'lost';

export interface LeadsTable {
  id: string;
  workspace_id: string;
  email: string;
  email_normalized: string;
  name: string | null;
  company: string | null;
  phone: string | null;
  fields_json: string;
  score: number;
  tier: Tier;
  breakdown_json: string;
  model_version: number;
  qualified: Flag;
  unqualified_reason: string | null;
  qualified_by_user_id: string | null;
  status: LeadStatus;
  assignee_user_id: string | null;
  /** The page of the latest submission. */
  page_id: string | null;
  /** Where the lead first came from: UTM source, referring host, or "direct". */
  source: string | null;
  submissions_count: number;
  first_touch_at: number;
  last_touch_at: number;
  scored_at: number;
  /** When the visitor clicked the link of a confirmation email (double opt-in). */
  email_confirmed_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface SubmissionsTable {
  id: string;
  workspace_id: string;
  lead_id: string;
  page_id: string;
  page_version_id: string;
  visitor_id: string | null;
  idempotency_key: string;
  form_block_id: string;
  form_purpose: string;
  /** A snapshot of each answer with its field's label and meaning at the time. */
  answers_json: string;
  consent_json: string | null;
  flags_json: string;
  ip_hash: string | null;
  user_agent: string | null;
  duration_ms: number | null;
  /** Path and query the visitor landed on, and the other site that sent them (if any). */
  landing_url: string | null;
  referrer: string | null;
  /** Double opt-in: the consent counts from this time on (null: not confirmed). */
  consent_confirmed_at: number | null;
  /** The experiment variant the visitor was shown, when the page was under test. */
  variant_id: string | null;
  created_at: number;
}

export type JobState = 'pending' | 'running' | 'done' | 'dead';

export interface JobsTable {
  id: string;
  kind: string;
  key: string;
  payload_json: string;
  state: JobState;
  run_at: number;
  attempts: number;
  max_attempts: number;
  again: Flag;
  lease_until: number | null;
  claimed_by: string | null;
  last_error: string | null;
  workspace_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface BlobsTable {
  key: string;
  bytes: Buffer;
  created_at: number;
}

export interface RateLimitsTable {
  key: string;
  window_start: number;
  count: number;
}

export interface PeriodicTasksTable {
  name: string;
  last_period: number;
  claimed_at: number;
  claimed_by: string | null;
}

export interface LeadActivityTable {
  id: string;
  workspace_id: string;
  lead_id: string;
  type: string;
  at: number;
  actor_user_id: string | null;
  data_json: string;
}

export interface ScoringModelsTable {
  id: string;
  workspace_id: string;
  version: number;
  model_json: string;
  created_at: number;
  created_by: string | null;
}

export type MailStatus = 'queued' | 'sent' | 'kept' | 'capped';

export interface MailsTable {
  id: string;
  workspace_id: string | null;
  user_id: string | null;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  headers_json: string;
  status: MailStatus;
  attempts: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export type LeadAlert = 'hot' | 'all' | 'turned_hot' | 'none';

export interface MemberAlertsTable {
  workspace_id: string;
  user_id: string;
  lead_alert: LeadAlert;
  digest_hour: number | null;
  time_zone: string;
  last_digest_day: string | null;
}

export interface PasswordResetsTable {
  /** SHA-256 of the token in the link. */
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface WebhookEndpointsTable {
  id: string;
  workspace_id: string;
  url: string;
  description: string;
  events_json: string;
  page_ids_json: string | null;
  tiers_json: string | null;
  /** The signing secret, sealed (AES-256-GCM) with a key derived from the instance's. */
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_until: number | null;
  enabled: 0 | 1;
  disabled_reason: string | null;
  created_at: number;
  updated_at: number;
}

export type WebhookDeliveryState = 'pending' | 'delivered' | 'failed' | 'skipped';

export interface WebhookDeliveriesTable {
  id: string;
  workspace_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  payload_json: string;
  state: WebhookDeliveryState;
  attempts: number;
  next_attempt_at: number | null;
  last_status: number | null;
  last_response: string | null;
  last_error: string | null;
  last_duration_ms: number | null;
  last_attempt_at: number | null;
  created_at: number;
  delivered_at: number | null;
}

export type ApiKeyAccess = 'read' | 'read_write';

export interface ApiKeysTable {
  id: string;
  workspace_id: string;
  name: string;
  prefix: string;
  /** SHA-256 of the key, hex. */
  key_hash: string;
  access: ApiKeyAccess;
  created_by: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export type ExperimentState = 'draft' | 'running' | 'ended';
export type ExperimentMetric = 'hot' | 'warm_or_hot' | 'lead';
/** What a counted visitor became by the end of their window (null: no lead). */
export type ExperimentOutcome = Tier | 'unqualified';

export interface ExperimentsTable {
  id: string;
  workspace_id: string;
  page_id: string;
  name: string;
  state: ExperimentState;
  metric: ExperimentMetric;
  window_days: number;
  min_visitors: number;
  min_conversions: number;
  min_days: number;
  /** Promote the winner unasked once its expected loss is below this (null: never). */
  auto_promote_loss: number | null;
  winner_key: string | null;
  created_by: string | null;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
}

export interface ExperimentVariantsTable {
  id: string;
  experiment_id: string;
  workspace_id: string;
  /** A, B, C or D: A is the tested page itself. */
  key: string;
  name: string;
  /** The traffic weight (the shares are weights, not necessarily summing to 100). */
  share: number;
  /** The page row whose live version this variant serves (A: the tested page). */
  page_id: string;
  /** The version served when the test ended, kept with its results. */
  version_id: string | null;
}

export interface ExperimentExposuresTable {
  experiment_id: string;
  /** The random id in the visitor's assignment cookie. */
  assignment_id: string;
  variant_key: string;
  first_seen_at: number;
  /** first_seen_at plus the experiment's window: the outcome is frozen from then on. */
  window_ends_at: number;
  lead_id: string | null;
  outcome: ExperimentOutcome | null;
}

export interface Database {
  workspaces: WorkspacesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  auth_throttle: AuthThrottleTable;
  instance_settings: InstanceSettingsTable;
  invites: InvitesTable;
  pages: PagesTable;
  page_versions: PageVersionsTable;
  assets: AssetsTable;
  visitors: VisitorsTable;
  visits: VisitsTable;
  events: EventsTable;
  leads: LeadsTable;
  submissions: SubmissionsTable;
  lead_activity: LeadActivityTable;
  scoring_models: ScoringModelsTable;
  jobs: JobsTable;
  periodic_tasks: PeriodicTasksTable;
  rate_limits: RateLimitsTable;
  blobs: BlobsTable;
  mails: MailsTable;
  member_alerts: MemberAlertsTable;
  password_resets: PasswordResetsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  api_keys: ApiKeysTable;
  experiments: ExperimentsTable;
  experiment_variants: ExperimentVariantsTable;
  experiment_exposures: ExperimentExposuresTable;
}

export type WorkspaceRow = Selectable<WorkspacesTable>;
export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type PageRow = Selectable<PagesTable>;
export type NewPageRow = Insertable<PagesTable>;
export type PageUpdate = Updateable<PagesTable>;
export type PageVersionRow = Selectable<PageVersionsTable>;
export type LeadRow = Selectable<LeadsTable>;
export type NewLeadRow = Insertable<LeadsTable>;
export type LeadUpdate = Updateable<LeadsTable>;
export type SubmissionRow = Selectable<SubmissionsTable>;
export type NewSubmissionRow = Insertable<SubmissionsTable>;
export type LeadActivityRow = Selectable<LeadActivityTable>;
