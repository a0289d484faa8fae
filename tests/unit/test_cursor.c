/*
 * test_cursor.c: the bounded cursor never reads or writes past its window.
 */
#include "testutil.h"

#include "cursor.h"

static void
test_cursor_reads_big_endian(void **state)
{
	const uint8_t b[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
	struct cursor c;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	cur_init(&c, b, sizeof(b));
	assert_int_equal(cur_u8(&c, &u8), 0);
	assert_int_equal(u8, 1);
	assert_int_equal(cur_u16(&c, &u16), 0);
	assert_int_equal(u16, 0x0203);
	assert_int_equal(cur_u32(&c, &u32), 0);
	assert_int_equal(u32, 0x04050607);
	assert_int_equal(cur_u64(&c, &u64), 0);
	assert_true(u64 == 0x08090a0b0c0d0e0fULL);
	assert_int_equal(cur_left(&c), 0);
	assert_int_equal(cur_u8(&c, &u8), -1);
	assert_true(cur_failed(&c));
}

static void
test_cursor_overrun_sticks(void **state)
{
	const uint8_t b[] = { 0xff, 0xfe, 0xfd };
	struct cursor c;
	uint32_t u32 = 7;
	uint8_t u8;

	cur_init(&c, b, sizeof(b));
	assert_int_equal(cur_u32(&c, &u32), -1);
	assert_int_equal(u32, 7);
	/* after an overrun even a fitting read fails */
	assert_int_equal(cur_u8(&c, &u8), -1);
	assert_int_equal(cur_left(&c), 0);
}

static void
test_cursor_sub_keeps_absolute_offsets(void **state)
{
	uint8_t b[32];
	struct cursor c, s;
	uint16_t v;

	memset(b, 0, sizeof(b));
	b[10] = 0x12;
	b[11] = 0x34;
	cur_init(&c, b, sizeof(b));
	assert_int_equal(cur_skip(&c, 8), 0);
	assert_int_equal(cur_sub(&c, 8, &s), 0);
	assert_int_equal(cur_abs(&s), 8);
	assert_int_equal(cur_skip(&s, 2), 0);
	assert_int_equal(cur_u16(&s, &v), 0);
	assert_int_equal(v, 0x1234);
	assert_int_equal(cur_abs(&s), 12);
	assert_int_equal(cur_abs(&c), 16);
	assert_int_equal(cur_sub(&c, 17, &s), -1);
	assert_true(cur_failed(&s));
}

static void
test_cursor_writer_bounds(void **state)
{
	uint8_t b[6];
	struct wcursor w;

	wcur_init(&w, b, sizeof(b));
	assert_int_equal(wcur_u16(&w, 0xabcd), 0);
	assert_int_equal(wcur_u32(&w, 0x01020304), 0);
	assert_int_equal(wcur_len(&w), 6);
	assert_int_equal(b[0], 0xab);
	assert_int_equal(b[5], 0x04);
	assert_int_equal(wcur_patch_u16(&w, 4, 0x9999), 0);
	assert_int_equal(b[4], 0x99);
	assert_int_equal(wcur_patch_u16(&w, 5, 1), -1);
	/* an overrun spends the writer: nothing more, not even a patch */
	assert_int_equal(wcur_u8(&w, 1), -1);
	assert_int_equal(wcur_patch_u16(&w, 0, 1), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cursor_reads_big_endian),
		cmocka_unit_test(test_cursor_overrun_sticks),
		cmocka_unit_test(test_cursor_sub_keeps_absolute_offsets),
		cmocka_unit_test(test_cursor_writer_bounds),
	};

	return cmocka_run_group_tests_name("cursor", tests, NULL, NULL);
}
