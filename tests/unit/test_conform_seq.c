/*
 * test_conform_seq.c: the sequence tracker alone: loss, duplicates,
 * late messages filling gaps (from either end, the middle, across the
 * 2^32 wrap), late messages from before the first one seen, restarts,
 * and record-less (template) messages.
 */
#include "testutil.h"

#include "conform_int.h"

static void
test_seq_basic(void **state)
{
	struct seq_track s;
	uint32_t d;

	memset(&s, 0, sizeof(s));
	assert_int_equal(seq_check(&s, 10, 5, &d), SEQ_FIRST);
	assert_int_equal(seq_check(&s, 15, 0, &d), SEQ_OK);	/* template */
	assert_int_equal(seq_check(&s, 15, 5, &d), SEQ_OK);
	assert_int_equal(seq_check(&s, 30, 5, &d), SEQ_GAP);
	assert_int_equal(d, 10);
	assert_int_equal(seq_check(&s, 30, 5, &d), SEQ_DUP);
	assert_int_equal(seq_check(&s, 15, 5, &d), SEQ_DUP);
	assert_int_equal(s.next, 35);
	assert_int_equal(seq_check(&s, 0, 0, &d), SEQ_RESET);
	assert_int_equal(d, 35);
	assert_int_equal(seq_check(&s, 0, 3, &d), SEQ_OK);
}

static void
test_seq_gap_fill(void **state)
{
	struct seq_track s;
	uint32_t d;

	memset(&s, 0, sizeof(s));
	seq_check(&s, 0, 10, &d);
	assert_int_equal(seq_check(&s, 40, 10, &d), SEQ_GAP);	/* 10..40 */
	assert_int_equal(d, 30);
	assert_int_equal(seq_check(&s, 20, 10, &d), SEQ_REORDER); /* middle */
	assert_int_equal(d, 10);
	assert_int_equal(seq_check(&s, 10, 10, &d), SEQ_REORDER); /* start */
	assert_int_equal(seq_check(&s, 30, 10, &d), SEQ_REORDER); /* end */
	assert_int_equal(s.next, 50);
	/* a message straddling the gap's end is not a fill: restart */
	assert_int_equal(seq_check(&s, 60, 1, &d), SEQ_GAP);	/* 50..60 */
	assert_int_equal(seq_check(&s, 58, 5, &d), SEQ_RESET);
}

static void
test_seq_wrap(void **state)
{
	struct seq_track s;
	uint32_t d;

	memset(&s, 0, sizeof(s));
	seq_check(&s, 0xfffffff0u, 8, &d);
	assert_int_equal(seq_check(&s, 8, 2, &d), SEQ_GAP);	/* fff8..8 */
	assert_int_equal(d, 16);
	assert_int_equal(seq_check(&s, 0xfffffffcu, 8, &d), SEQ_REORDER);
	assert_int_equal(d, 8);
	assert_int_equal(seq_check(&s, 10, 1, &d), SEQ_OK);
}

static void
test_seq_late_and_restart(void **state)
{
	struct seq_track s;
	uint32_t d;

	memset(&s, 0, sizeof(s));
	seq_check(&s, 5000, 10, &d);
	/* just before the first message seen: late */
	assert_int_equal(seq_check(&s, 4990, 10, &d), SEQ_REORDER);
	assert_int_equal(d, 0);
	/* far behind: restart */
	assert_int_equal(seq_check(&s, 100, 10, &d), SEQ_RESET);
	assert_int_equal(s.next, 110);
	/* back to 0 is always a restart */
	assert_int_equal(seq_check(&s, 0, 1, &d), SEQ_RESET);
}

static void
test_seq_gap_ring_forgets_oldest(void **state)
{
	struct seq_track s;
	uint32_t d, i;

	memset(&s, 0, sizeof(s));
	seq_check(&s, 0, 1, &d);
	for (i = 0; i < SEQ_GAPS + 1; i++)	/* gaps 1..100, 101..200.. */
		assert_int_equal(seq_check(&s, 100 * (i + 1), 1, &d),
		    SEQ_GAP);
	assert_int_equal(s.ngaps, SEQ_GAPS);
	/* the newest gaps are still known */
	assert_int_equal(seq_check(&s, 450, 1, &d), SEQ_REORDER);
	assert_int_equal(d, 1);
	seq_forget(&s);
	assert_int_equal(seq_check(&s, 7, 1, &d), SEQ_FIRST);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seq_basic),
		cmocka_unit_test(test_seq_gap_fill),
		cmocka_unit_test(test_seq_wrap),
		cmocka_unit_test(test_seq_late_and_restart),
		cmocka_unit_test(test_seq_gap_ring_forgets_oldest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
