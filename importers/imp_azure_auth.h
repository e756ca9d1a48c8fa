/*
 * imp_azure_auth.h - credentials and authenticated calls to Azure Resource
 * Manager: OAuth2 client credentials, managed identity (IMDS) or a token
 * handed over in AZURE_ACCESS_TOKEN.
 *
 * The client secret comes only from AZURE_CLIENT_SECRET or from a file
 * that must be mode 0600 or stricter; it is never logged and is wiped from
 * memory on release. Tokens live in memory for the run (they are not
 * written to the store) and are refreshed five minutes before expiry or
 * once after a 401.
 */
#ifndef YOSAN_IMP_AZURE_AUTH_H
#define YOSAN_IMP_AZURE_AUTH_H

#include <pthread.h>

#include "err.h"
#include "imp_http.h"

#define IMP_AZURE_DEFAULT_ENDPOINT "https://management.azure.com"
#define IMP_AZURE_DEFAULT_LOGIN    "https://login.microsoftonline.com"
#define IMP_AZURE_DEFAULT_IMDS     "http://169.254.169.254/metadata/identity/oauth2/token"

enum imp_auth_kind {
    IMP_AUTH_NONE = 0,         /* no credentials found (fine for public APIs) */
    IMP_AUTH_STATIC_TOKEN,     /* AZURE_ACCESS_TOKEN */
    IMP_AUTH_CLIENT_SECRET,    /* tenant + client id + secret */
    IMP_AUTH_MANAGED_IDENTITY, /* IMDS */
};

/* Where credentials come from. NULL fields fall back to the environment:
 * AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET (or the file in
 * AZURE_CLIENT_SECRET_FILE), YOSAN_IMDS_ENDPOINT. All borrowed. */
struct imp_auth_config {
    const char *tenant;         /* Entra tenant id */
    const char *client_id;      /* app (client) id; also picks a user-assigned identity for IMDS */
    const char *secret_file;    /* file holding the client secret, mode 0600 */
    int managed_identity;       /* 1 = use IMDS */
    const char *endpoint;       /* ARM base URL, NULL = IMP_AZURE_DEFAULT_ENDPOINT */
    const char *login_endpoint; /* Entra base URL, NULL = IMP_AZURE_DEFAULT_LOGIN */
    const char *imds_endpoint;  /* IMDS token URL, NULL = $YOSAN_IMDS_ENDPOINT or the default */
};

/* An authenticated ARM client. Everything owned; imp_azure_release() frees. */
struct imp_azure {
    struct imp_http *http;   /* borrowed transport */
    enum imp_auth_kind kind; /* chosen credential */
    char *endpoint;          /* ARM base, no trailing slash */
    char *login_endpoint;    /* Entra base, no trailing slash */
    char *imds_endpoint;     /* IMDS token URL */
    char *tenant;            /* or NULL */
    char *client_id;         /* or NULL */
    char *secret;            /* client secret or NULL; wiped on release */
    char *token;             /* current access token or NULL; wiped on release */
    double expires_at;       /* epoch seconds; 0 = unknown (static token) */
    int token_fetches;       /* tokens obtained this run */
    pthread_mutex_t lock;    /* guards token and expires_at across pull threads */
};

/* Resolve the credentials (reading the secret file now, so a bad mode
 * fails early) without any network call. When need_auth is set and no
 * credential is found, returns ST_USAGE naming the ways to provide one. */
enum status imp_azure_init(struct imp_azure *az, struct imp_http *http,
                           const struct imp_auth_config *cfg, int need_auth, struct err *e);
void imp_azure_release(struct imp_azure *az);

/* Read a secret from a file that must be a regular file readable by its
 * owner only (mode & 077 == 0). Trailing newlines are dropped. *out is
 * malloc'd; the caller wipes and frees it. */
enum status imp_azure_read_secret_file(const char *path, char **out, struct err *e);

/* Perform req against ARM with the bearer token; on a 401, refresh the
 * token once and retry. req->bearer is ignored (filled in here). */
enum status imp_azure_call(struct imp_azure *az, const struct imp_http_req *req,
                           struct imp_http_resp *resp, struct err *e);
/* The same over another transport (one per thread); thread-safe: token
 * fetches use az->http under az->lock. */
enum status imp_azure_call_via(struct imp_azure *az, struct imp_http *http,
                               const struct imp_http_req *req, struct imp_http_resp *resp,
                               struct err *e);

/* "code: message" from an ARM / Entra error body, for messages (out). */
void imp_azure_error_text(const char *body, char *out, size_t outlen);

#endif
