#ifndef POSTMOTERM_COPENSSL_SHIM_H
#define POSTMOTERM_COPENSSL_SHIM_H

#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

/* Macros Swift cannot import, as functions. */

/* SNI: the server name sent in the ClientHello. */
static inline int postmoterm_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

/* TLS 1.2 at least. */
static inline int postmoterm_SSL_CTX_set_min_tls12(SSL_CTX *ctx) {
    return (int)SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
}

/* SSL_write may be retried with the same bytes at a moved address (Swift arrays). */
static inline void postmoterm_SSL_set_moving_write_buffer(SSL *ssl) {
    SSL_set_mode(ssl, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}

/* No renegotiation, no compression. */
static inline void postmoterm_SSL_CTX_set_client_options(SSL_CTX *ctx) {
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
}

#endif
