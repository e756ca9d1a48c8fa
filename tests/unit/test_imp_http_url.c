/*
 * test_imp_http_url.c - which URLs may carry a secret: https always, plain
 * http only without a secret, or to a loopback host when the caller allows
 * test servers (issue 18 item 2).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "imp_http.h"

static void https_always(void **state)
{
    (void)state;
    assert_true(imp_http_url_allowed("https://management.azure.com/x", 1, 0));
    assert_true(imp_http_url_allowed("HTTPS://login.microsoftonline.com/t", 1, 0));
}

static void secrets_never_over_http(void **state)
{
    (void)state;
    assert_false(imp_http_url_allowed("http://management.azure.com/x", 1, 0));
    assert_false(imp_http_url_allowed("http://127.0.0.1:8080/x", 1, 0));
    assert_false(imp_http_url_allowed("http://example.com/x", 1, 1));
    assert_false(imp_http_url_allowed("http://127.0.0.1.evil.example/x", 1, 1));
    assert_false(imp_http_url_allowed("http://localhost.evil.example/x", 1, 1));
    assert_false(imp_http_url_allowed("http://128.0.0.1/x", 1, 1));
    assert_false(imp_http_url_allowed("http://evil.example@/x", 1, 1));
    assert_false(imp_http_url_allowed("ftp://127.0.0.1/x", 1, 1));
    assert_false(imp_http_url_allowed("file:///etc/passwd", 0, 1));
}

static void loopback_when_allowed(void **state)
{
    (void)state;
    assert_true(imp_http_url_allowed("http://127.0.0.1:8080/x", 1, 1));
    assert_true(imp_http_url_allowed("http://127.5.6.7/x?y", 1, 1));
    assert_true(imp_http_url_allowed("http://localhost:9/x", 1, 1));
    assert_true(imp_http_url_allowed("http://[::1]:9/x", 1, 1));
}

static void anonymous_http_is_allowed(void **state)
{
    (void)state;
    assert_true(imp_http_url_allowed("http://169.254.169.254/metadata/identity", 0, 0));
    assert_true(imp_http_url_allowed("http://prices.example/api", 0, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(https_always),
        cmocka_unit_test(secrets_never_over_http),
        cmocka_unit_test(loopback_when_allowed),
        cmocka_unit_test(anonymous_http_is_allowed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
