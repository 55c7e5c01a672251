// The browse API's JSON, as dev.berth.registry's records write it.

export interface Listing<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}

export interface RepositorySummary {
  name: string;
  tagCount: number;
  /** Bytes stored: each blob once. */
  sizeBytes: number;
  /** Bytes its images add up to, with nothing shared. */
  totalBytes: number;
  lastPushedAt: string | null;
  /** The registry a cached namespace's repository mirrors; null for pushed content. */
  upstream: string | null;
}

export interface Platform {
  os: string | null;
  architecture: string | null;
  variant: string | null;
}

export interface TagSummary {
  name: string;
  digest: string;
  mediaType: string;
  sizeBytes: number;
  platforms: Platform[];
  createdAt: string | null;
  pushedAt: string | null;
  referrers: {count: number; artifactTypes: string[]} | null;
  /** In a cached namespace, when the upstream last confirmed the tag. */
  revalidatedAt: string | null;
}

export interface DescriptorView {
  mediaType: string;
  digest: string;
  size: number;
  artifactType: string | null;
  platform: Platform | null;
  annotations: Record<string, string> | null;
}

export interface HistoryEntry {
  created: string | null;
  createdBy: string | null;
  comment: string | null;
  emptyLayer: boolean;
  layerSize: number | null;
}

export interface ImageConfigSummary {
  os: string | null;
  architecture: string | null;
  variant: string | null;
  created: string | null;
  entrypoint: string[] | null;
  cmd: string[] | null;
  envNames: string[] | null;
  exposedPorts: string[] | null;
  labels: Record<string, string> | null;
  history: HistoryEntry[] | null;
}

export interface ManifestDetail {
  digest: string;
  mediaType: string;
  artifactType: string | null;
  size: number;
  sizeBytes: number;
  config: DescriptorView | null;
  layers: DescriptorView[] | null;
  children: DescriptorView[] | null;
  subject: DescriptorView | null;
  annotations: Record<string, string> | null;
  image: ImageConfigSummary | null;
  tags: string[] | null;
  referrers: DescriptorView[] | null;
}

// The admin API's JSON (dev.berth.admin).

export type Role = 'reader' | 'writer' | 'maintainer' | 'owner';

export const ROLES: Role[] = ['reader', 'writer', 'maintainer', 'owner'];

export interface Me {
  username: string;
  admin: boolean;
  robot: boolean;
  accessToken: boolean;
  namespaces: {namespace: string; role: string}[];
  // 'local', or where an external account signs in: 'ldap', 'oidc:<provider>' (no Berth password then).
  origin: string;
}

export interface User {
  username: string;
  admin: boolean;
  enabled: boolean;
  robot: boolean;
  createdAt: string | null;
  origin: string;
}

export interface Namespace {
  name: string;
  public: boolean | null;
  role: string | null;
  createdAt: string | null;
}

export interface Member {
  username: string;
  role: string;
  robot: boolean;
  since: string | null;
}

export interface Robot {
  name: string;
  username: string;
  role: string;
  enabled: boolean;
  createdAt: string | null;
}

export interface AccessToken {
  id: string;
  description: string | null;
  namespace: string | null;
  actions: string[] | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string | null;
  active: boolean;
}

export interface CreatedToken {
  id: string;
  token: string;
  description: string | null;
  namespace: string | null;
  actions: string[] | null;
  expiresAt: string | null;
  createdAt: string | null;
}

// The webhooks API's JSON (dev.berth.events.Webhooks).

/** The events a subscription may ask for (the test event is sent only on request). */
export const WEBHOOK_EVENTS = [
  'manifest.pushed', 'artifact.pushed', 'tag.moved', 'tag.deleted', 'manifest.deleted', 'repository.deleted',
  'manifest.pulled', 'quota.exceeded', 'gc.finished',
] as const;

export type WebhookFormat = 'cloudevents' | 'distribution';

export interface Webhook {
  id: number;
  /** null: a global subscription (every namespace), admins only. */
  namespace: string | null;
  url: string;
  events: string[];
  format: WebhookFormat;
  repositoryPattern: string | null;
  tagPattern: string | null;
  enabled: boolean;
  createdBy: string | null;
  createdAt: string | null;
  /** When its deliveries started failing, while they still do. */
  failingSince: string | null;
  /** Why Berth disabled it (failing too long), if it did. */
  disabledReason: string | null;
}

export interface CreatedWebhook {
  webhook: Webhook;
  /** Shown in this answer only. */
  secret: string;
}

export interface DeliveryAttempt {
  at: string;
  /** The receiver's HTTP status; null when there was no answer. */
  status: number | null;
  durationMs: number;
  error: string | null;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface Delivery {
  id: number;
  /** The webhook-id header: the same on every attempt and redelivery. */
  webhookId: string;
  eventId: string;
  eventType: string;
  repository: string | null;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string | null;
  finishedAt: string | null;
  history: DeliveryAttempt[];
}
