/*
 * cmocka_compat.h: the one place that includes cmocka, so the tests keep
 * to the subset shared by cmocka 1.1 (Debian 12) and 2.x.
 */
#ifndef PFL_CMOCKA_COMPAT_H
#define PFL_CMOCKA_COMPAT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#ifndef skip
#define skip()	_skip(__FILE__, __LINE__)
#endif

#endif /* PFL_CMOCKA_COMPAT_H */
