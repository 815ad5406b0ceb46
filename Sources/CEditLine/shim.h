// Small wrappers around libedit: Swift cannot call the variadic el_set, el_get and history.
#ifndef CONVENE_EDITLINE_SHIM_H
#define CONVENE_EDITLINE_SHIM_H

#include <histedit.h>
#include <langinfo.h>
#include <locale.h>
#include <malloc.h>
#include <string.h>
#include <stdio.h>
#include <wchar.h>

static inline EditLine *convene_el_init(const char *prog) {
    // libedit decodes input by the locale; without this it drops non-ASCII characters.
    setlocale(LC_CTYPE, "");
    // Under a non-UTF-8 locale (LANG unset, as in CI) libedit would drop non-ASCII input.
    if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0) setlocale(LC_CTYPE, "C.UTF-8");
    return el_init(prog, stdin, stdout, stderr);
}
static inline void convene_el_end(EditLine *el) { el_end(el); }
static inline void convene_el_set_clientdata(EditLine *el, void *data) { el_set(el, EL_CLIENTDATA, data); }
static inline void *convene_el_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
static inline void convene_el_set_prompt(EditLine *el, char *(*fn)(EditLine *)) { el_set(el, EL_PROMPT, fn); }
static inline void convene_el_set_editor(EditLine *el, const char *mode) { el_set(el, EL_EDITOR, mode); }
static inline void convene_el_addfn(EditLine *el, const char *name, const char *help,
                                    unsigned char (*fn)(EditLine *, int)) {
    el_set(el, EL_ADDFN, name, help, fn);
}
static inline void convene_el_bind(EditLine *el, const char *key, const char *fn) { el_set(el, EL_BIND, key, fn, NULL); }
// Ctrl-C reaches the editor as a key (bound to our handler) instead of raising SIGINT.
static inline void convene_el_disable_isig(EditLine *el) { el_set(el, EL_SETTY, "-d", "-isig", NULL); }
static inline void convene_el_set_getc(EditLine *el, el_rfunc_t fn) { el_set(el, EL_GETCFN, fn); }
static inline void convene_el_refresh(EditLine *el) { el_set(el, EL_REFRESH); }
static inline void convene_el_set_history(EditLine *el, History *h) { el_set(el, EL_HIST, history, h); }
static inline const char *convene_el_gets(EditLine *el, int *count) { return el_gets(el, count); }
static inline int convene_el_insertstr(EditLine *el, const char *s) { return el_insertstr(el, s); }
static inline const LineInfo *convene_el_line(EditLine *el) { return el_line(el); }
static inline void convene_el_reset(EditLine *el) { el_reset(el); }

static inline History *convene_history_init(int size) {
    History *h = history_init();
    HistEvent ev;
    history(h, &ev, H_SETSIZE, size);
    history(h, &ev, H_SETUNIQUE, 1);
    return h;
}
static inline void convene_history_end(History *h) { history_end(h); }
static inline void convene_history_enter(History *h, const char *line) {
    HistEvent ev;
    history(h, &ev, H_ENTER, line);
}
static inline int convene_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}
static inline int convene_history_save(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}

// Returns freed heap to the system (glibc keeps it otherwise).
static inline void convene_malloc_trim(void) { malloc_trim(0); }

#endif
