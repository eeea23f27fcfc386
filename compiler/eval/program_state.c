/* program_state.c - values known only after apply, from recorded state.
 *
 * A Terraform module's outputs, and anything else a component declares
 * with known_after_apply(), exist only once the component was applied.
 * The runtime records them; `stackc build --state FILE` (by default
 * MODULE/.stackc/state.json when that file exists) reads them back, and
 * known_after_apply() then returns the recorded value instead of an
 * unknown one. The format (docs/build.md, "Recorded state"):
 *
 *   {
 *     "format_version": 1,
 *     "environments": {
 *       "dev": {
 *         "platform.database": { "outputs": { "address": "...", "port": 5432 } }
 *       }
 *     }
 *   }
 *
 * Environments are named as in `env` declarations, "default" when the
 * module declares none; components by their path (STACK.COMPONENT, the
 * producer an unknown value names); below them, the argument of
 * known_after_apply() ("outputs"). A component or field the state does
 * not hold stays unknown, so the build reports exactly what is missing.
 * Secrets are never recorded (sensitive outputs stay unknown).
 */
#include <string.h>

#include "eval_internal.h"
#include "program.h"
#include "value_codec.h"

#define STATE_FORMAT_VERSION 1

/* Report a problem with the state file: E0506 at the file. */
static int state_error(program *p, const char *path, const char *what)
{
	diagnostic *d = diag_error_path(
		p->diags, "E0506", path, "cannot use the state file '%s': %s", path, what);
	diag_add_hint(p->diags, d,
		"the state file is written by the runtime; see docs/build.md, \"Recorded state\"");
	return -1;
}

int program_state_file(program *p, const char *path)
{
	const src_file *f = NULL;
	int err = 0;
	if (src_map_load(p->sources, path, &f, &err) != SRC_OK)
		return state_error(p, path, err ? strerror(err) : "not a regular file");
	strbuf msg = STRBUF_INIT;
	value *v = value_read_json(p->arena, f->text, f->len, src_span_make(f->id, 0, 0), &msg);
	if (!v) {
		const char *why;
		src_span at = codec_message_span(f, msg.buf, &why);
		diagnostic *d = diag_error(
			p->diags, "E0506", at, "cannot use the state file '%s': %s", path, why);
		diag_add_hint(p->diags, d,
			"the state file is written by the runtime; see docs/build.md, \"Recorded "
			"state\"");
		strbuf_release(&msg);
		return -1;
	}
	strbuf_release(&msg);
	const value *version = v->kind == VAL_MAP ? vmap_get(v->u.map, "format_version") : NULL;
	if (!version || version->kind != VAL_INT || version->u.integer != STATE_FORMAT_VERSION)
		return state_error(p, path, "expected an object with \"format_version\": 1");
	const value *envs = vmap_get(v->u.map, "environments");
	if (!envs || envs->kind != VAL_MAP)
		return state_error(p, path, "\"environments\" must be an object of environments");
	for (uint32_t i = 0; i < envs->u.map->len; i++) {
		const value *e = envs->u.map->vals[i];
		if (e->kind != VAL_MAP)
			return state_error(p, path,
				arena_printf(p->arena,
					"environment \"%s\" must be an object of components",
					envs->u.map->keys[i]));
		for (uint32_t j = 0; j < e->u.map->len; j++)
			if (e->u.map->vals[j]->kind != VAL_MAP)
				return state_error(p, path,
					arena_printf(p->arena,
						"component \"%s\" of environment \"%s\" must be an object "
						"of recorded values",
						e->u.map->keys[j], envs->u.map->keys[i]));
	}
	const value *mine = vmap_get(envs->u.map, p->env_name ? p->env_name : "default");
	p->state = mine;
	return 0;
}

const value *eval_recorded(eval_ctx *ev, const char *component, const char *path)
{
	const value *state = ev->prog ? ev->prog->state : NULL;
	if (!state)
		return NULL;
	const value *comp = vmap_get(state->u.map, component);
	return comp ? vmap_get(comp->u.map, path) : NULL;
}
