/*
 * test_rules.c: the rule table is well formed, pflowlab-rules(7) is the
 * table's own text (regenerate with PFLOWLAB_REGEN=1), and every rule has
 * a planted-defect test in tests/unit/test_conform_*.c that expects it.
 */
#include <ctype.h>
#include <glob.h>

#include "testutil.h"

#include "rules.h"

#define MANPAGE	"man/pflowlab-rules.7"

static void
test_rules_well_formed(void **state)
{
	const struct rule *r = rules_all();
	unsigned int i, j;
	const char *p;

	assert_int_equal(rules_count(), R_COUNT);
	for (i = 0; i < rules_count(); i++) {
		assert_non_null(r[i].id);
		assert_non_null(r[i].req);
		assert_non_null(r[i].source);
		assert_non_null(r[i].scope);
		assert_true(strlen(r[i].req) > 10);
		assert_true(strlen(r[i].source) > 3);
		assert_true(r[i].severity <= SEV_ERROR);
		for (p = r[i].id; *p != '\0'; p++)
			assert_true(isupper((unsigned char)*p) ||
			    isdigit((unsigned char)*p) || *p == '-');
		assert_ptr_equal(rules_get(r[i].id), &r[i]);
		assert_ptr_equal(rules_at((enum rule_idx)i), &r[i]);
		for (j = 0; j < i; j++)
			assert_string_not_equal(r[i].id, r[j].id);
	}
	assert_null(rules_get("NO-SUCH-RULE"));
	assert_null(rules_at(R_COUNT));
}

/* The ids the brief and DESIGN.md name stay stable. */
static void
test_rules_stable_ids(void **state)
{
	static const char *ids[] = {
		"V5-LENGTH", "V5-COUNT", "V5-SEQ", "V5-TIME-ORDER",
		"V5-RESERVED", "IPFIX-MSGLEN", "IPFIX-SETLEN", "IPFIX-SETID",
		"IPFIX-TMPLID", "IPFIX-FIELDCOUNT", "IPFIX-NOTMPL",
		"IPFIX-PADDING", "IPFIX-SEQ", "IPFIX-EXPORT-TIME",
		"PFLOW-DOMAIN", "PFLOW-TEMPLATE", "PFLOW-ONE-SET",
		"PFLOW-TS-GRANULARITY", "PFLOW-V5-ZERO", "PFLOW-RECS-PER-MSG",
		"PFLOW-TMPL-REFRESH", "PFLOW-ZERO-COUNT", "PFLOW-ICMP-PORTS",
	};
	unsigned int i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		if (rules_get(ids[i]) == NULL)
			print_message("missing rule %s\n", ids[i]);
		assert_non_null(rules_get(ids[i]));
	}
}

static char *
mdoc_text(size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	assert_non_null(f);
	assert_int_equal(rules_mdoc(f), 0);
	fclose(f);
	return buf;
}

static void
test_rules_manpage_matches(void **state)
{
	size_t glen, flen = 0;
	char *gen = mdoc_text(&glen);
	uint8_t *file;
	FILE *f;
	unsigned int i;

	if (getenv("PFLOWLAB_REGEN") != NULL) {
		f = fopen(MANPAGE, "w");
		assert_non_null(f);
		assert_int_equal(fwrite(gen, 1, glen, f), glen);
		assert_int_equal(fclose(f), 0);
	}
	file = test_read_file(MANPAGE, &flen);
	if (file == NULL)
		print_message("cannot read %s (run from the repo root)\n",
		    MANPAGE);
	assert_non_null(file);
	if (flen != glen || memcmp(file, gen, glen) != 0)
		print_message("%s differs from verify/rules.c: run "
		    "PFLOWLAB_REGEN=1 %s\n", MANPAGE, "build/tests/test_rules");
	assert_int_equal(flen, glen);
	assert_memory_equal(file, gen, glen);
	/* every rule appears as a tagged item with its severity */
	for (i = 0; i < rules_count(); i++) {
		char item[128];

		snprintf(item, sizeof(item), ".It Sy %s Pq %s\n",
		    rules_all()[i].id, severity_str(rules_all()[i].severity));
		assert_non_null(strstr(gen, item));
	}
	free(file);
	free(gen);
}

/*
 * Each rule is expected by at least one test in test_conform_*.c; the
 * collector's own capture rules by an assertion in test_collect.c.
 */
static void
test_rules_each_has_a_planted_test(void **state)
{
	glob_t g;
	size_t i, len = 0, total = 0;
	unsigned int r;
	char *all = NULL, pat[80];
	uint8_t *txt;
	int missing = 0;

	assert_int_equal(glob("tests/unit/test_conform_*.c", 0, NULL, &g), 0);
	assert_int_equal(glob("tests/unit/test_collect.c", GLOB_APPEND, NULL,
	    &g), 0);
	for (i = 0; i < g.gl_pathc; i++) {
		txt = test_read_file(g.gl_pathv[i], &len);
		assert_non_null(txt);
		all = realloc(all, total + len + 1);
		assert_non_null(all);
		memcpy(all + total, txt, len);
		total += len;
		all[total] = '\0';
		free(txt);
	}
	globfree(&g);
	for (r = 0; r < rules_count(); r++) {
		/* "ID" as an argument of expect_one()/expect_at() or of an
		   assertion, or \"ID\" inside an asserted JSON string */
		static const char *const forms[] = {
			"\"%s\",", "\"%s\")", "\\\"%s\\\""
		};
		char *p, *line;
		int found = 0;
		size_t k;

		for (k = 0; !found && k < sizeof(forms) / sizeof(forms[0]);
		    k++) {
			snprintf(pat, sizeof(pat), forms[k], rules_all()[r].id);
			for (p = all; !found && (p = strstr(p, pat)) != NULL;
			    p++) {
				for (line = p; line > all && line[-1] != '\n';
				    line--)
					;
				found = strncmp(line, "\tassert_", 8) == 0 ||
				    strncmp(line, "\texpect_", 8) == 0 ||
				    strncmp(line, "\t\texpect_", 9) == 0 ||
				    strncmp(line, "\t\t\texpect_", 10) == 0;
			}
		}
		if (!found) {
			print_message("no planted-defect test expects %s\n",
			    rules_all()[r].id);
			missing++;
		}
	}
	free(all);
	assert_int_equal(missing, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_well_formed),
		cmocka_unit_test(test_rules_stable_ids),
		cmocka_unit_test(test_rules_manpage_matches),
		cmocka_unit_test(test_rules_each_has_a_planted_test),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
