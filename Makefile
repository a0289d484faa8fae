# pflowlab: test and simulation harness for pflow(4).
#
#   make            build ./pflowlab (installs missing packages as root)
#   make test       unit tests (also under ASan+UBSan) and integration tests
#   make run        the scenario suite on the embedded simulator -> out/
#   make bench      benchmarks against the peers installed here
#   make fuzz       libFuzzer targets (FUZZ_SECONDS=600 make fuzz-run)
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean

CC		?= cc
PREFIX		?= /usr/local
DESTDIR		?=
MANDIR		?= $(PREFIX)/share/man
BUILD		?= build
WERROR		?= -Werror
OPT		?= -O2

PKG_CFLAGS	:= $(shell pkg-config --cflags libpcap jansson 2>/dev/null)
PKG_LIBS	:= $(shell pkg-config --libs libpcap jansson 2>/dev/null || echo -lpcap -ljansson)
CMOCKA_LIBS	:= $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

WARN		= -Wall -Wextra $(WERROR) -Wshadow -Wpointer-arith \
		  -Wmissing-prototypes -Wstrict-prototypes -Wno-unused-parameter
CPPFLAGS	+= -D_DEFAULT_SOURCE -D_GNU_SOURCE -Ilib -Icollect -Iverify \
		   -Igen -Isim -Irun -Irig
CFLAGS		?= $(OPT) -g
ALL_CFLAGS	= -std=c11 $(WARN) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP
LDLIBS		+= $(PKG_LIBS) -lnet -lm

# every role folder is one part of one static library; pflowlab.c is main
DIRS		= lib collect verify gen sim run rig
SRCS		:= $(foreach d,$(DIRS),$(wildcard $(d)/*.c))
OBJS		:= $(SRCS:%.c=$(BUILD)/obj/%.o)
TEST_SRCS	:= $(wildcard tests/unit/test_*.c)
TESTS		:= $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRCS	:= $(wildcard tests/fuzz/fuzz_*.c)
MANS		:= $(wildcard man/*.1 man/*.5 man/*.7)

SAN_FLAGS	= -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
		  -fno-sanitize-recover=undefined

.PHONY: all deps test unit unit-build integration run bench fuzz fuzz-run \
	install uninstall clean lint
.SUFFIXES:

all: deps pflowlab

deps:
	@ci/deps.sh --check --build >/dev/null 2>&1 || ci/deps.sh --build

pflowlab: $(BUILD)/pflowlab $(BUILD)/pcapshim.so
	cp $(BUILD)/pflowlab $@.tmp && mv -f $@.tmp $@

# the rig's LD_PRELOAD shim for softflowd's live capture (never in the library)
$(BUILD)/pcapshim.so: rig/shim/pcapshim.c
	@mkdir -p $(@D)
	$(CC) -std=c11 $(WARN) -O2 -shared -fPIC -o $@ $< -ldl

$(BUILD)/pflowlab: $(BUILD)/obj/pflowlab.o $(BUILD)/libpflowlab.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libpflowlab.a: $(OBJS)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libpflowlab.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(BUILD)/libpflowlab.a $(CMOCKA_LIBS) $(LDLIBS)

# make test: everything, with one summary line at the end
test: deps
	@ci/deps.sh >/dev/null 2>&1 || ci/deps.sh || true
	$(MAKE) --no-print-directory pflowlab unit-build
	$(MAKE) --no-print-directory BUILD=build/asan CFLAGS="$(SAN_FLAGS)" \
	    unit-build
	sh tests/run.sh build build/asan

unit-build: $(TESTS) $(BUILD)/pflowlab

unit: pflowlab unit-build
	sh tests/run.sh --unit-only $(BUILD)

run: all
	./pflowlab run -j 2 -o out scenarios/INDEX

bench: all
	sh bench/run.sh

FUZZ_CC		?= clang
FUZZ_FLAGS	= -O1 -g -fsanitize=fuzzer,address,undefined
fuzz: deps
	$(MAKE) --no-print-directory BUILD=build/fuzz CC=$(FUZZ_CC) \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" \
	    build/fuzz/libpflowlab.a
	@mkdir -p build/fuzz/bin
	@for f in $(FUZZ_SRCS); do \
		n=$$(basename $$f .c); \
		echo "$(FUZZ_CC) $$f -> build/fuzz/bin/$$n"; \
		$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) $(PKG_CFLAGS) -o build/fuzz/bin/$$n \
		    $$f build/fuzz/libpflowlab.a $(LDLIBS) || exit 1; \
	done

FUZZ_SECONDS	?= 60
fuzz-run: fuzz
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)

install: pflowlab
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	install -m 755 pflowlab $(DESTDIR)$(PREFIX)/bin/pflowlab
	for m in $(MANS); do \
		s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; \
	done

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/pflowlab
	for m in $(MANS); do \
		s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; \
	done

lint:
	@! grep -n '[[:space:]]$$' $(SRCS) pflowlab.c $(TEST_SRCS) || \
	    { echo "trailing white space"; exit 1; }

clean:
	rm -rf build pflowlab

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
