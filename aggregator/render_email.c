/* SPDX-License-Identifier: MIT
 *
 * render_email.c -- `report --format email`: the report as one MIME
 * message (RFC 5322 / 2045-2049) ready for `sendmail -t`:
 *
 *   multipart/mixed
 *     multipart/alternative
 *       text/plain   the text report
 *       text/html    the HTML report (self-contained, no fetches)
 *     text/csv       attachment threattally-<window>.csv
 *
 * Every part is base64 (lines of 76), so long lines, CRLF in the CSV and
 * UTF-8 travel unchanged whatever the mail path. The headers are written
 * here from checked values only: the addresses come from --mail-to and
 * --mail-from (or the config file) and may not hold control characters,
 * so nothing can add a header; the subject is the report's title (ASCII,
 * else RFC 2047 encoded).
 */
#include "aggregator/render.h"
#include "common/mem.h"
#include "common/tt.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int render_email_check_address(const char *addr, char *err, size_t errlen)
{
    if (!addr || !*addr || strlen(addr) > 900) {
        snprintf(err, errlen, "a mail address is empty or too long");
        return TT_ERR;
    }
    for (const unsigned char *p = (const unsigned char *)addr; *p; p++)
        if (*p < 0x20 || *p == 0x7f) {
            snprintf(err, errlen, "a mail address may not contain control characters (line breaks)");
            return TT_ERR;
        }
    if (!strchr(addr, '@')) {
        snprintf(err, errlen, "'%.200s' is not a mail address (no @)", addr);
        return TT_ERR;
    }
    return TT_OK;
}

/* A renderer's whole output in memory. */
static int email_capture(const struct render_ops *ops, const struct figures *f, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    FILE *m = open_memstream(out, out_len);
    if (!m)
        return TT_ERR;
    int rc = ops->render(f, m);
    if (fclose(m) != 0)
        rc = TT_ERR;
    return rc;
}

static void email_base64(FILE *out, const unsigned char *p, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t col = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        char q[4] = {tab[v >> 18 & 63], tab[v >> 12 & 63], i + 1 < n ? tab[v >> 6 & 63] : '=',
                     i + 2 < n ? tab[v & 63] : '='};
        fwrite(q, 1, 4, out);
        col += 4;
        if (col == 76) {
            fputs("\r\n", out);
            col = 0;
        }
    }
    if (col)
        fputs("\r\n", out);
}

/* Subject: the title, RFC 2047 base64 when it is not plain ASCII. */
static void email_subject(FILE *out, const char *title)
{
    int ascii = 1;
    for (const unsigned char *p = (const unsigned char *)title; *p; p++)
        ascii &= *p >= 0x20 && *p < 0x7f;
    fputs("Subject: ", out);
    if (ascii) {
        fputs(title, out);
    } else {
        fputs("=?UTF-8?B?", out);
        char *b = NULL;
        size_t bl = 0;
        FILE *m = open_memstream(&b, &bl);
        if (m) {
            email_base64(m, (const unsigned char *)title, strlen(title));
            fclose(m);
            for (size_t i = 0; i < bl; i++)
                if (b[i] != '\r' && b[i] != '\n')
                    fputc(b[i], out);
        }
        free(b);
        fputs("?=", out);
    }
    fputs("\r\n", out);
}

static void email_part(FILE *out, const char *boundary, const char *type, const char *disposition, const char *p,
                       size_t n)
{
    fprintf(out, "--%s\r\nContent-Type: %s\r\nContent-Transfer-Encoding: base64\r\n", boundary, type);
    if (disposition)
        fprintf(out, "Content-Disposition: %s\r\n", disposition);
    fputs("\r\n", out);
    email_base64(out, (const unsigned char *)p, n);
}

static int render(const struct figures *f, FILE *out)
{
    char *text, *html, *csv;
    size_t ntext, nhtml, ncsv;
    int rc = email_capture(&render_text_ops, f, &text, &ntext);
    rc |= email_capture(&render_html_ops, f, &html, &nhtml);
    rc |= email_capture(&render_csv_ops, f, &csv, &ncsv);
    if (rc != TT_OK) {
        free(text), free(html), free(csv);
        return TT_ERR;
    }
    /* Boundaries cannot occur in base64 text (they hold '=' and '_'). */
    char mixed[64], alt[64], date[64], host[64] = "localhost", title[256], file[96];
    unsigned long tag = (unsigned long)f->generated_s ^ ((unsigned long)getpid() << 16);
    snprintf(mixed, sizeof(mixed), "=_threattally_mixed_%lx", tag);
    snprintf(alt, sizeof(alt), "=_threattally_alt_%lx", tag);
    time_t now = (time_t)f->generated_s;
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
    gethostname(host, sizeof(host) - 1);
    for (char *p = host; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
              *p == '-'))
            *p = '-';
    snprintf(title, sizeof(title), "Threat report: %s", f->window.label);
    /* file name of the attachment: the window's first local day, ISO */
    char stamp[32];
    strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
    snprintf(file, sizeof(file), "threattally-%.20s-%s.csv", f->nsites == 1 ? f->sites[0] : "sites", stamp);

    fprintf(out, "From: %s\r\nTo: %s\r\n", f->mail_from ? f->mail_from : "threattally@localhost",
            f->mail_to ? f->mail_to : "root@localhost");
    email_subject(out, title);
    fprintf(out, "Date: %s\r\nMessage-ID: <threattally.%s.%lx@%s>\r\nMIME-Version: 1.0\r\n"
                 "Auto-Submitted: auto-generated\r\nX-Mailer: threattally %s\r\n"
                 "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n"
                 "This is a MIME message: the report as text and HTML, with the figures as CSV.\r\n",
            date, stamp, tag, host, TT_VERSION, mixed);
    fprintf(out, "--%s\r\nContent-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", mixed, alt);
    email_part(out, alt, "text/plain; charset=utf-8", NULL, text, ntext);
    email_part(out, alt, "text/html; charset=utf-8", NULL, html, nhtml);
    fprintf(out, "--%s--\r\n", alt);
    char disp[160];
    snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", file);
    email_part(out, mixed, "text/csv; charset=utf-8; header=present", disp, csv, ncsv);
    fprintf(out, "--%s--\r\n", mixed);
    free(text), free(html), free(csv);
    return ferror(out) ? TT_ERR : TT_OK;
}

const struct render_ops render_email_ops = {
    .name = "email",
    .help = "a MIME message (text and HTML, CSV attached) for sendmail -t; needs --mail-to and --mail-from",
    .render = render,
};
