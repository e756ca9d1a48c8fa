/*
 * imp_azure_auth.c - Azure credentials and the 401-aware ARM call (see
 * imp_azure_auth.h). Owns every secret in yosan: nothing here may log a
 * secret, a token or a request body that carries one.
 */
#include "imp_azure_auth.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"

#define REFRESH_MARGIN_S 300.0
#define SECRET_MAX       8192

static void wipe_free(char *s)
{
    if (s) {
        explicit_bzero(s, strlen(s));
        free(s);
    }
}

static char *dup_base(const char *s)
{
    char *d = strdup(s);
    if (d) {
        size_t n = strlen(d);
        while (n && d[n - 1] == '/')
            d[--n] = '\0';
    }
    return d;
}

static const char *env_or(const char *given, const char *name)
{
    if (given && *given)
        return given;
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

enum status imp_azure_read_secret_file(const char *path, char **out, struct err *e)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_NOCTTY);
    if (fd < 0)
        return err_set(e, ST_IO, "cannot open secret file '%s': %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return err_set(e, ST_IO, "secret file '%s' is not a regular file", path);
    }
    if (sb.st_mode & 077) {
        close(fd);
        return err_set(e, ST_IO,
                       "secret file '%s' is accessible by others (mode %04o); run chmod 600 on it",
                       path, (unsigned)(sb.st_mode & 07777));
    }
    char *s = malloc(SECRET_MAX + 1);
    if (!s) {
        close(fd);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, s + n, SECRET_MAX - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int saved = errno;
            close(fd);
            explicit_bzero(s, n);
            free(s);
            return err_set(e, ST_IO, "cannot read secret file '%s': %s", path, strerror(saved));
        }
        if (r == 0 || n + (size_t)r >= SECRET_MAX) {
            n += (size_t)r;
            break;
        }
        n += (size_t)r;
    }
    close(fd);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        n--;
    s[n] = '\0';
    if (n == 0) {
        free(s);
        return err_set(e, ST_IO, "secret file '%s' is empty", path);
    }
    *out = s;
    return ST_OK;
}

enum status imp_azure_init(struct imp_azure *az, struct imp_http *http,
                           const struct imp_auth_config *cfg, int need_auth, struct err *e)
{
    static const struct imp_auth_config none = {0};
    if (!cfg)
        cfg = &none;
    memset(az, 0, sizeof *az);
    pthread_mutex_init(&az->lock, NULL);
    az->http = http;
    az->endpoint = dup_base(cfg->endpoint ? cfg->endpoint : IMP_AZURE_DEFAULT_ENDPOINT);
    az->login_endpoint =
        dup_base(cfg->login_endpoint ? cfg->login_endpoint : IMP_AZURE_DEFAULT_LOGIN);
    const char *imds = env_or(cfg->imds_endpoint, "YOSAN_IMDS_ENDPOINT");
    az->imds_endpoint = strdup(imds ? imds : IMP_AZURE_DEFAULT_IMDS);
    if (!az->endpoint || !az->login_endpoint || !az->imds_endpoint)
        return err_set(e, ST_NOMEM, "out of memory");

    const char *tenant = env_or(cfg->tenant, "AZURE_TENANT_ID");
    const char *client = env_or(cfg->client_id, "AZURE_CLIENT_ID");
    if (tenant && !(az->tenant = strdup(tenant)))
        return err_set(e, ST_NOMEM, "out of memory");
    if (client && !(az->client_id = strdup(client)))
        return err_set(e, ST_NOMEM, "out of memory");

    const char *static_token = getenv("AZURE_ACCESS_TOKEN");
    if (static_token && *static_token) {
        az->kind = IMP_AUTH_STATIC_TOKEN;
        if (!(az->token = strdup(static_token)))
            return err_set(e, ST_NOMEM, "out of memory");
        return ST_OK;
    }
    if (cfg->managed_identity) {
        az->kind = IMP_AUTH_MANAGED_IDENTITY;
        return ST_OK;
    }
    const char *secret_file = env_or(cfg->secret_file, "AZURE_CLIENT_SECRET_FILE");
    const char *secret_env = getenv("AZURE_CLIENT_SECRET");
    if (tenant && client && (secret_file || (secret_env && *secret_env))) {
        enum status st;
        if (secret_file) {
            if ((st = imp_azure_read_secret_file(secret_file, &az->secret, e)) != ST_OK)
                return st;
        } else if (!(az->secret = strdup(secret_env))) {
            return err_set(e, ST_NOMEM, "out of memory");
        }
        az->kind = IMP_AUTH_CLIENT_SECRET;
        return ST_OK;
    }
    az->kind = IMP_AUTH_NONE;
    if (need_auth)
        return err_set(e, ST_USAGE,
                       "no azure credentials: set AZURE_ACCESS_TOKEN, or AZURE_TENANT_ID and "
                       "AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or --client-secret-file, or use "
                       "--managed-identity");
    return ST_OK;
}

void imp_azure_release(struct imp_azure *az)
{
    free(az->endpoint);
    free(az->login_endpoint);
    free(az->imds_endpoint);
    free(az->tenant);
    free(az->client_id);
    wipe_free(az->secret);
    wipe_free(az->token);
    pthread_mutex_destroy(&az->lock);
    memset(az, 0, sizeof *az);
}

/* Forget the current token (after a 401). */
static void imp_azure_invalidate(struct imp_azure *az)
{
    if (az->kind == IMP_AUTH_STATIC_TOKEN)
        return; /* nothing to refresh it from */
    wipe_free(az->token);
    az->token = NULL;
    az->expires_at = 0;
}

void imp_azure_error_text(const char *body, char *out, size_t outlen)
{
    out[0] = '\0';
    if (!body || !*body)
        return;
    json_error_t jerr;
    json_t *root = json_loads(body, 0, &jerr);
    if (!root) {
        snprintf(out, outlen, "%.120s", body);
        for (char *p = out; *p; p++)
            if (*p == '\n' || *p == '\r')
                *p = ' ';
        return;
    }
    json_t *error = json_object_get(root, "error");
    const char *code = NULL, *msg = NULL;
    if (json_is_object(error)) {
        code = json_string_value(json_object_get(error, "code"));
        msg = json_string_value(json_object_get(error, "message"));
    } else if (json_is_string(
                   error)) { /* Entra: {"error":"invalid_client","error_description":...} */
        code = json_string_value(error);
        msg = json_string_value(json_object_get(root, "error_description"));
    }
    if (code || msg)
        snprintf(out, outlen, "%s%s%.200s", code ? code : "", code && msg ? ": " : "",
                 msg ? msg : "");
    json_decref(root);
}

/* Parse {"access_token": ..., "expires_in": 3599 | "3599"} into az. */
static enum status take_token(struct imp_azure *az, const char *body, const char *what,
                              struct err *e)
{
    json_error_t jerr;
    json_t *root = json_loads(body, 0, &jerr);
    if (!root)
        return err_set(e, ST_HTTP, "%s: malformed token response: %s", what, jerr.text);
    const char *tok = json_string_value(json_object_get(root, "access_token"));
    json_t *exp = json_object_get(root, "expires_in");
    double expires_in = 3600;
    if (json_is_integer(exp)) {
        expires_in = (double)json_integer_value(exp);
    } else if (json_is_string(exp)) {
        char *end;
        double v = strtod(json_string_value(exp), &end);
        if (end != json_string_value(exp))
            expires_in = v;
    }
    if (!tok || !*tok) {
        json_decref(root);
        return err_set(e, ST_HTTP, "%s: token response has no access_token", what);
    }
    wipe_free(az->token);
    az->token = strdup(tok);
    json_decref(root);
    if (!az->token)
        return err_set(e, ST_NOMEM, "out of memory");
    az->expires_at = az->http->opt.now_fn(az->http->opt.clock_ctx) + expires_in;
    az->token_fetches++;
    return ST_OK;
}

static enum status fetch_client_secret_token(struct imp_azure *az, struct err *e)
{
    enum status st = ST_NOMEM;
    struct buf url = BUF_INIT, form = BUF_INIT, scope = BUF_INIT;
    char *cid = imp_http_escape(az->client_id);
    char *sec = imp_http_escape(az->secret);
    char *ten = imp_http_escape(az->tenant);
    char *sc = NULL;
    struct imp_http_resp resp;
    imp_http_resp_init(&resp);
    if (!cid || !sec || !ten || buf_addf(&scope, "%s/.default", az->endpoint) != ST_OK ||
        !(sc = imp_http_escape(buf_str(&scope))) ||
        buf_addf(&url, "%s/%s/oauth2/v2.0/token", az->login_endpoint, ten) != ST_OK ||
        buf_addf(&form, "grant_type=client_credentials&client_id=%s&client_secret=%s&scope=%s", cid,
                 sec, sc) != ST_OK) {
        err_set(e, ST_NOMEM, "out of memory");
        goto out;
    }
    struct imp_http_req req = {.method = "POST",
                               .url = buf_str(&url),
                               .body = buf_str(&form),
                               .content_type = "application/x-www-form-urlencoded",
                               .max_body = 1 << 20,
                               .secret = 1};
    log_info("requesting an access token for client %s from %s", az->client_id, az->login_endpoint);
    if ((st = imp_http_request(az->http, &req, &resp, e)) != ST_OK)
        goto out;
    if (resp.status != 200) {
        char why[300];
        imp_azure_error_text(buf_str(&resp.body), why, sizeof why);
        st = err_set(e, ST_HTTP, "token request failed: HTTP %ld%s%s", resp.status,
                     why[0] ? ": " : "", why);
        goto out;
    }
    st = take_token(az, buf_str(&resp.body), "token request", e);
out:
    if (form.data)
        explicit_bzero(form.data, form.len);
    if (sec)
        explicit_bzero(sec, strlen(sec));
    free(cid);
    free(sec);
    free(ten);
    free(sc);
    buf_release(&url);
    buf_release(&form);
    buf_release(&scope);
    imp_http_resp_release(&resp);
    return st;
}

static enum status fetch_imds_token(struct imp_azure *az, struct err *e)
{
    enum status st = ST_NOMEM;
    struct buf url = BUF_INIT, res = BUF_INIT;
    char *resource = NULL, *cid = NULL;
    struct imp_http_resp resp;
    imp_http_resp_init(&resp);
    static const char *const hdrs[] = {"Metadata: true", NULL};
    if (buf_addf(&res, "%s/", az->endpoint) != ST_OK ||
        !(resource = imp_http_escape(buf_str(&res))))
        goto nomem;
    if (buf_addf(&url, "%s%capi-version=2018-02-01&resource=%s", az->imds_endpoint,
                 strchr(az->imds_endpoint, '?') ? '&' : '?', resource) != ST_OK)
        goto nomem;
    if (az->client_id) {
        if (!(cid = imp_http_escape(az->client_id)) ||
            buf_addf(&url, "&client_id=%s", cid) != ST_OK)
            goto nomem;
    }
    struct imp_http_req req = {
        .method = "GET", .url = buf_str(&url), .headers = hdrs, .max_body = 1 << 20};
    log_info("requesting an access token from the managed identity endpoint");
    if ((st = imp_http_request(az->http, &req, &resp, e)) != ST_OK)
        goto out;
    if (resp.status != 200) {
        char why[300];
        imp_azure_error_text(buf_str(&resp.body), why, sizeof why);
        st = err_set(e, ST_HTTP, "managed identity token request failed: HTTP %ld%s%s", resp.status,
                     why[0] ? ": " : "", why);
        goto out;
    }
    st = take_token(az, buf_str(&resp.body), "managed identity", e);
    goto out;
nomem:
    st = err_set(e, ST_NOMEM, "out of memory");
out:
    free(resource);
    free(cid);
    buf_release(&url);
    buf_release(&res);
    imp_http_resp_release(&resp);
    return st;
}

/* A valid access token (borrowed, valid until the next call), fetching or
 * refreshing it when it is missing or expires within five minutes. */
static enum status imp_azure_token(struct imp_azure *az, const char **token, struct err *e)
{
    *token = NULL;
    double now = az->http->opt.now_fn(az->http->opt.clock_ctx);
    if (az->token && (az->expires_at == 0 || now + REFRESH_MARGIN_S < az->expires_at)) {
        *token = az->token;
        return ST_OK;
    }
    enum status st;
    switch (az->kind) {
    case IMP_AUTH_CLIENT_SECRET:
        st = fetch_client_secret_token(az, e);
        break;
    case IMP_AUTH_MANAGED_IDENTITY:
        st = fetch_imds_token(az, e);
        break;
    case IMP_AUTH_STATIC_TOKEN:
        return err_set(e, ST_HTTP, "the token in AZURE_ACCESS_TOKEN was rejected or expired");
    default:
        return err_set(e, ST_USAGE, "no azure credentials configured");
    }
    if (st == ST_OK)
        *token = az->token;
    return st;
}

enum status imp_azure_call(struct imp_azure *az, const struct imp_http_req *req,
                           struct imp_http_resp *resp, struct err *e)
{
    return imp_azure_call_via(az, az->http, req, resp, e);
}

enum status imp_azure_call_via(struct imp_azure *az, struct imp_http *http,
                               const struct imp_http_req *req, struct imp_http_resp *resp,
                               struct err *e)
{
    for (int attempt = 0;; attempt++) {
        const char *shared;
        pthread_mutex_lock(&az->lock);
        enum status st = imp_azure_token(az, &shared, e);
        char *token = st == ST_OK ? strdup(shared) : NULL;
        pthread_mutex_unlock(&az->lock);
        if (st != ST_OK)
            return st;
        if (!token)
            return err_set(e, ST_NOMEM, "out of memory");
        struct imp_http_req r = *req;
        r.bearer = token;
        st = imp_http_request(http, &r, resp, e);
        if (st != ST_OK || resp->status != 401 || attempt > 0) {
            wipe_free(token);
            return st;
        }
        if (az->kind == IMP_AUTH_STATIC_TOKEN) {
            wipe_free(token);
            return err_set(e, ST_HTTP,
                           "HTTP 401: the token in AZURE_ACCESS_TOKEN was rejected or expired");
        }
        log_warn("HTTP 401 from the api: refreshing the access token once");
        pthread_mutex_lock(&az->lock);
        if (az->token && strcmp(az->token, token) == 0) /* not refreshed by another thread yet */
            imp_azure_invalidate(az);
        pthread_mutex_unlock(&az->lock);
        wipe_free(token);
    }
}
