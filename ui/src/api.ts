// Talking to Berth: POST /token for an access token (kept in memory only) and a refresh token
// (kept in sessionStorage, so a reload stays logged in but closing the tab logs out), then the
// browse API with "Authorization: Bearer". A 401 refreshes once and retries.
//
// Requests never send cookies or HTTP-auth cache entries (credentials: 'omit'): Berth uses
// neither, and with 'omit' the browser never pops up its own Basic login dialog on a 401.

const REFRESH_KEY = 'berth.refreshToken';
const USER_KEY = 'berth.username';
const ANONYMOUS_KEY = 'berth.anonymous';
const CLIENT_ID = 'berth-ui';
// The UI acts for the whole account; a token without this scope could only use the repositories it names.
const ACCOUNT_SCOPE = 'account:self:*';

let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;

/** One invalid field of a request, as a problem detail's "errors" lists it. */
export interface FieldError {
  field: string;
  message: string;
}

/** A refused request, with the server's explanation (a problem detail's "detail" and field errors). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly detail: string, readonly errors: FieldError[] = []) {
    super(detail);
  }

  /** The detail followed by each field error, for the message area. */
  describe(): string {
    const fields = this.errors.map(error => error.field ? `${error.field}: ${error.message}` : error.message);
    return [this.detail, ...fields.filter(text => text && text !== this.detail)].join(' · ');
  }
}

export function username(): string | null {
  return sessionStorage.getItem(USER_KEY);
}

/** Whether the UI has credentials, or was told to browse what anonymous callers may see. */
export function hasSession(): boolean {
  return accessToken !== null || sessionStorage.getItem(REFRESH_KEY) !== null
    || sessionStorage.getItem(ANONYMOUS_KEY) !== null;
}

export function isLoggedIn(): boolean {
  return accessToken !== null || sessionStorage.getItem(REFRESH_KEY) !== null;
}

export function browseAnonymously(): void {
  sessionStorage.setItem(ANONYMOUS_KEY, '1');
}

export async function login(user: string, password: string): Promise<void> {
  const response = await postToken({
    grant_type: 'password', username: user, password, client_id: CLIENT_ID, access_type: 'offline',
    scope: ACCOUNT_SCOPE,
  });
  if (!response.ok) {
    throw await errorOf(response);
  }
  remember(await response.json());
  sessionStorage.setItem(USER_KEY, user);
  sessionStorage.removeItem(ANONYMOUS_KEY);
}

/** An OIDC provider the login page offers; its sign-in starts at oauth2/authorization/<id>. */
export interface SignInProvider {
  id: string;
  displayName: string;
}

export async function signInProviders(): Promise<SignInProvider[]> {
  const response = await fetch('api/v1/sign-in/providers',
    {headers: {Accept: 'application/json'}, credentials: 'omit', cache: 'no-store'});
  if (!response.ok) {
    throw await errorOf(response);
  }
  return (await response.json() as {providers: SignInProvider[]}).providers;
}

/**
 * Trades the one-time code an OIDC sign-in left in the URL fragment for the same tokens a
 * password login gets (POSTed, so the code reaches no log).
 */
export async function exchangeSignInCode(code: string): Promise<void> {
  const response = await fetch('api/v1/sign-in/exchange', {
    method: 'POST',
    headers: {'Content-Type': 'application/json', Accept: 'application/json, application/problem+json'},
    body: JSON.stringify({code}),
    credentials: 'omit',
    cache: 'no-store',
  });
  if (!response.ok) {
    throw await errorOf(response);
  }
  const body = await response.json();
  remember(body);
  sessionStorage.setItem(USER_KEY, body.username);
  sessionStorage.removeItem(ANONYMOUS_KEY);
}

export function logout(): void {
  accessToken = null;
  sessionStorage.removeItem(REFRESH_KEY);
  sessionStorage.removeItem(USER_KEY);
  sessionStorage.removeItem(ANONYMOUS_KEY);
}

/**
 * GET (or another method) under the API, with an optional JSON body; JSON back, or null for 204.
 * Throws ApiError when refused.
 */
export async function api<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
  if (accessToken === null && sessionStorage.getItem(REFRESH_KEY) !== null) {
    await refresh();
  }
  let response = await send(path, method, body);
  if (response.status === 401 && sessionStorage.getItem(REFRESH_KEY) !== null && await refresh()) {
    response = await send(path, method, body);
  }
  if (!response.ok) {
    throw await errorOf(response);
  }
  if (response.status === 204) {
    return null as T;
  }
  return await response.json() as T;
}

/** The path of a repository under the API: its name's slashes stay literal path separators. */
export function repositoryPath(name: string, ...rest: string[]): string {
  return ['api/v1/repositories', ...[...name.split('/'), ...rest].map(encodeURIComponent)].join('/');
}

export function query(parameters: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) {
    if (value !== null && value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

function send(path: string, method: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {Accept: 'application/json, application/problem+json'};
  if (accessToken !== null) {
    headers.Authorization = 'Bearer ' + accessToken;
  }
  if (body === undefined) {
    return fetch(path, {method, headers, credentials: 'omit', cache: 'no-store'});
  }
  headers['Content-Type'] = 'application/json';
  return fetch(path, {method, headers, body: JSON.stringify(body), credentials: 'omit', cache: 'no-store'});
}

/** One refresh at a time, however many requests found the token expired. */
function refresh(): Promise<boolean> {
  if (refreshing === null) {
    refreshing = doRefresh().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

async function doRefresh(): Promise<boolean> {
  const refreshToken = sessionStorage.getItem(REFRESH_KEY);
  if (refreshToken === null) {
    return false;
  }
  const response = await postToken({grant_type: 'refresh_token', refresh_token: refreshToken, client_id: CLIENT_ID,
    scope: ACCOUNT_SCOPE});
  if (!response.ok) {
    // The refresh token expired or was revoked: log in again.
    accessToken = null;
    sessionStorage.removeItem(REFRESH_KEY);
    return false;
  }
  remember(await response.json());
  return true;
}

function postToken(form: Record<string, string>): Promise<Response> {
  return fetch('token', {
    method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json'},
    body: new URLSearchParams(form),
    credentials: 'omit',
    cache: 'no-store',
  });
}

function remember(body: {token?: string; access_token?: string; refresh_token?: string}): void {
  accessToken = body.token ?? body.access_token ?? null;
  if (body.refresh_token) {
    sessionStorage.setItem(REFRESH_KEY, body.refresh_token);
  }
}

/** Problem details ("detail"), OAuth2 errors ("error_description"), OCI errors, or the status line. */
async function errorOf(response: Response): Promise<ApiError> {
  let detail = '';
  let errors: FieldError[] = [];
  try {
    const body = await response.json();
    detail = body.detail ?? body.error_description ?? body.errors?.[0]?.message ?? body.title ?? '';
    if (Array.isArray(body.errors)) {
      errors = body.errors
        .filter((error: unknown) => typeof error === 'object' && error !== null)
        .map((error: {field?: unknown; message?: unknown}) =>
          ({field: typeof error.field === 'string' ? error.field : '', message: String(error.message ?? '')}));
    }
  } catch {
    // not JSON
  }
  return new ApiError(response.status, detail || `${response.status} ${response.statusText}`.trim(), errors);
}
