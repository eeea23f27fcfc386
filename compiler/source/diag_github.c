/* diag_github.c - diagnostics as GitHub Actions workflow commands.
 *
 * The "github" form of diag_render_github() (see diag.h): one ::error or
 * ::warning command per diagnostic and one ::notice per located note, so
 * that a CI run annotates the lines of a pull request. The CLI prints it
 * after the text form (`--annotations github`, the default when running
 * under GitHub Actions). Positions come from the helpers shared with the
 * other renderers (diag_internal.h), so an annotation points where the
 * text excerpt does.
 */
#include "diag.h"

#include <stdint.h>
#include <stdio.h>

#include "diag_internal.h"

/* ---- GitHub workflow commands -------------------------------------------- */

/* Escaping as in @actions/core (escapeData / escapeProperty): the runner
 * splits a command at "::" and the properties at "," and ":", and a raw
 * newline would end the command. */
static void diag_gh_escape(strbuf *out, const char *s, int property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%':
			strbuf_adds(out, "%25");
			break;
		case '\r':
			strbuf_adds(out, "%0D");
			break;
		case '\n':
			strbuf_adds(out, "%0A");
			break;
		case ':':
			if (property)
				strbuf_adds(out, "%3A");
			else
				strbuf_addch(out, *s);
			break;
		case ',':
			if (property)
				strbuf_adds(out, "%2C");
			else
				strbuf_addch(out, *s);
			break;
		default:
			strbuf_addch(out, *s);
		}
	}
}

/* Properties are emitted comma-separated; `first` tracks whether a comma
 * is needed. */
static void diag_gh_prop(strbuf *out, int *first, const char *key, const char *value)
{
	strbuf_adds(out, *first ? " " : ",");
	*first = 0;
	strbuf_adds(out, key);
	strbuf_addch(out, '=');
	diag_gh_escape(out, value, 1);
}

static void diag_gh_prop_u(strbuf *out, int *first, const char *key, uint32_t value)
{
	char buf[16];
	snprintf(buf, sizeof(buf), "%u", (unsigned)value);
	diag_gh_prop(out, first, key, buf);
}

static void diag_gh_location(strbuf *out, int *first, const src_file *f, src_span span)
{
	uint32_t p, q, line, col, eline, ecol;
	diag_span_bytes(f, span, &p, &q);
	src_line_col(f, p, &line, &col);
	src_line_col(f, q, &eline, &ecol);
	diag_gh_prop(out, first, "file", f->name);
	diag_gh_prop_u(out, first, "line", line);
	diag_gh_prop_u(out, first, "col", col);
	diag_gh_prop_u(out, first, "endLine", eline);
	diag_gh_prop_u(out, first, "endColumn", ecol);
}

void diag_render_github(const diag_list *l, const diag_render_opts *o, strbuf *out)
{
	size_t shown = 0;

	for (size_t i = 0; i < l->len; i++) {
		const diagnostic *d = l->items[i];
		const src_file *f = diag_file(l, d->span);
		int first = 1;

		/* Same cap as the text form, which prints the "and N more"
		 * line; annotations past it would only be noise in a PR. */
		if (d->severity == DIAG_ERROR) {
			if (diag_capped(o, shown))
				continue;
			shown++;
		}
		strbuf_adds(out, d->severity == DIAG_ERROR ? "::error" : "::warning");
		if (f)
			diag_gh_location(out, &first, f, d->span);
		else if (d->path)
			diag_gh_prop(out, &first, "file", d->path);
		if (d->code)
			diag_gh_prop(out, &first, "title", d->code);
		strbuf_adds(out, "::");
		diag_gh_escape(out, d->message, 0);
		strbuf_addch(out, '\n');

		/* Located notes become annotations of their own so they show
		 * up on the line they talk about; others have nowhere to go. */
		for (size_t j = 0; j < d->note_count; j++) {
			const diag_note *n = &d->notes[j];
			const src_file *nf = diag_file(l, n->span);
			if (!nf)
				continue;
			first = 1;
			strbuf_adds(out, "::notice");
			diag_gh_location(out, &first, nf, n->span);
			strbuf_adds(out, "::");
			diag_gh_escape(out, n->message, 0);
			strbuf_addch(out, '\n');
		}
	}
}
