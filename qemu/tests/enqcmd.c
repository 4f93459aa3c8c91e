// SPDX-License-Identifier: GPL-2.0
/*
 * ENQCMD on the patched QEMU, from a Linux 5.10 guest with the PASID series.
 *
 * Static, run as root in the test guest (scripts/initramfs.sh puts it in the
 * initramfs). The destination is an aligned buffer in ordinary RAM, which
 * the emulation writes like memory and reports as accepted (ZF=0):
 *
 *  1. CPUID.(EAX=7,ECX=0):ECX[29] is set.
 *  2. A process whose mm has no PASID: ENQCMD takes #GP, the kernel's
 *     fixup finds no PASID, the process gets SIGSEGV, the buffer is
 *     untouched.
 *  3. With a PASID (ALLOC of the series' test interface, when present):
 *     the first ENQCMD takes #GP, the fixup loads IA32_PASID, the retried
 *     ENQCMD succeeds with ZF=0, and the buffer holds the PASID in bits
 *     19:0 of its first dword, privilege 0, and source bytes 4-63.
 *     The PASID then survives context switches with a task that has
 *     none, and does not leak to it (XSAVES/XRSTORS of the PASID state
 *     component); a misaligned destination and ENQCMDS at CPL 3 still
 *     take #GP (SIGSEGV).
 *
 * On a CPU without XSAVES, where the kernel must leave ENQCMD off, only
 * the CPUID checks run: ENQCMD is there, the PASID state component is
 * not. Prints TAP; exits 0 when every case passed.
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* The ABI of the series' CONFIG_IOMMU_SVA_TEST (drivers/iommu/iommu-sva-test.h) */
#define SVA_TEST_PATH	"/sys/kernel/debug/iommu_sva_test"
#define SVA_OP_ALLOC	1
#define SVA_OP_QUERY	3

struct sva_test_cmd {
	uint32_t size, op, min, max, pasid, mm_pasid, activated, nr_pasids,
		 allocated, reserved;
};

#define SVA_TEST_CMD	_IOWR('S', 0xa0, struct sva_test_cmd)

static int failed, n;

static void result(int ok, const char *what)
{
	printf("%s %d - %s\n", ok ? "ok" : "not ok", ++n, what);
	if (!ok)
		failed++;
	fflush(stdout);
}

/* ENQCMD [dst], [src]; returns ZF */
static int enqcmd(void *dst, const void *src)
{
	uint8_t zf;

	asm volatile("enqcmd (%[src]), %[dst]\n\tsetz %[zf]"
		     : [zf] "=r" (zf) : [dst] "r" (dst), [src] "r" (src)
		     : "memory", "cc");
	return zf;
}

static int enqcmds(void *dst, const void *src)
{
	uint8_t zf;

	asm volatile("enqcmds (%[src]), %[dst]\n\tsetz %[zf]"
		     : [zf] "=r" (zf) : [dst] "r" (dst), [src] "r" (src)
		     : "memory", "cc");
	return zf;
}

/* 1 if /proc/cpuinfo lists @flag */
static int kernel_has(const char *flag)
{
	char line[4096], *p;
	FILE *f = fopen("/proc/cpuinfo", "r");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "flags", 5))
			continue;
		for (p = strtok(line, " \t\n"); p; p = strtok(NULL, " \t\n"))
			if (!strcmp(p, flag))
				found = 1;
	}
	fclose(f);
	return found;
}

static sigjmp_buf env;

static void on_segv(int sig)
{
	siglongjmp(env, 1);
}

/* 1 if fn(dst, src) got SIGSEGV */
static int segv(int (*fn)(void *, const void *), void *dst, const void *src)
{
	struct sigaction sa = { .sa_handler = on_segv }, old;
	int got;

	sigaction(SIGSEGV, &sa, &old);
	got = sigsetjmp(env, 1);
	if (!got)
		fn(dst, src);
	sigaction(SIGSEGV, &old, NULL);
	return got;
}

static uint8_t src[64], dst[128] __attribute__((aligned(64)));

static void fill(void)
{
	int i;

	for (i = 0; i < 64; i++)
		src[i] = i < 4 ? 0 : 0xa0 + i;
	memset(dst, 0x5a, sizeof(dst));
}

static int untouched(void)
{
	int i;

	for (i = 0; i < (int)sizeof(dst); i++)
		if (dst[i] != 0x5a)
			return 0;
	return 1;
}

#define SWITCHES	500

static void pin_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static int sva(int fd, uint32_t op, struct sva_test_cmd *c)
{
	memset(c, 0, sizeof(*c));
	c->size = sizeof(*c);
	c->op = op;
	c->min = 1;
	c->max = 0xffeff;
	c->pasid = 0xffffffffU;
	return ioctl(fd, SVA_TEST_CMD, c);
}

/* In a child: the mm never gets a PASID */
static void no_pasid(void)
{
	pid_t pid;
	int st;

	fill();
	fflush(stdout);
	/* The child's memory is its own: it checks and reports by exit code */
	pid = fork();
	if (!pid) {
		if (!segv(enqcmd, dst, src))
			_exit(1);
		_exit(untouched() ? 0 : 2);
	}
	waitpid(pid, &st, 0);
	result(WIFEXITED(st) && WEXITSTATUS(st) != 1,
	       "ENQCMD without a PASID: #GP, SIGSEGV");
	result(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	       "ENQCMD without a PASID: destination untouched");
}

/* In a child: the mm gets a PASID, the task activates it by #GP */
static int with_pasid(void)
{
	struct sva_test_cmd c;
	uint32_t dw0, pasid;
	int fd, zf, i, st, same = 1;
	pid_t pid;

	fd = open(SVA_TEST_PATH, O_RDWR);
	if (fd < 0) {
		printf("ok %d # SKIP no %s (%s)\n", ++n, SVA_TEST_PATH,
		       strerror(errno));
		return 0;
	}
	if (sva(fd, SVA_OP_ALLOC, &c)) {
		printf("# ALLOC: %s\n", strerror(errno));
		result(0, "ALLOC a PASID for this mm");
		return 1;
	}
	pasid = c.pasid;
	printf("# mm PASID %u\n", pasid);

	fill();
	zf = enqcmd(dst, src);
	memcpy(&dw0, dst, 4);
	printf("# ZF=%d dword0=%#x\n", zf, dw0);
	result(zf == 0, "ENQCMD with a PASID: ZF=0 (accepted) after the #GP fixup");
	result(dw0 == pasid, "dword 0 = PASID, privilege 0 (user)");
	result(!memcmp(dst + 4, src + 4, 60) && dst[64] == 0x5a,
	       "bytes 4-63 from the source, nothing beyond");
	sva(fd, SVA_OP_QUERY, &c);
	result(c.activated == 1 && c.mm_pasid == pasid,
	       "the task's PASID is activated");

	/*
	 * IA32_PASID goes through XSAVES/XRSTORS on every switch: share a
	 * CPU with a child, whose mm has no PASID, and yield to each other.
	 * Each of our ENQCMDs must still carry our PASID without a fault,
	 * each of the child's must still fault.
	 */
	fflush(stdout);
	pid = fork();
	if (!pid) {
		int leaked = 0;

		pin_cpu0();
		for (i = 0; i < SWITCHES; i++) {
			sched_yield();
			fill();
			if (!segv(enqcmd, dst, src) || !untouched())
				leaked++;
		}
		_exit(leaked ? 1 : 0);
	}
	pin_cpu0();
	for (i = 0; i < SWITCHES; i++) {
		sched_yield();
		fill();
		if (enqcmd(dst, src) || memcmp(dst, &pasid, 4))
			same = 0;
	}
	waitpid(pid, &st, 0);
	result(same, "our PASID survives switches to a task without one");
	result(WIFEXITED(st) && !WEXITSTATUS(st),
	       "the other task's ENQCMD keeps faulting (no PASID leaks)");

	fill();
	result(segv(enqcmd, dst + 32, src) && untouched(),
	       "misaligned destination: #GP, SIGSEGV");
	result(segv(enqcmds, dst, src) && untouched(),
	       "ENQCMDS at CPL 3: #GP, SIGSEGV");
	close(fd);
	return 0;
}

int main(void)
{
	unsigned int a, b, c, d, xsaves;
	pid_t pid;
	int st;

	printf("TAP version 13\n");
	__cpuid_count(7, 0, a, b, c, d);
	result(c & (1U << 29), "CPUID.(7,0):ECX[29] (ENQCMD)");
	if (!(c & (1U << 29)))
		return 1;
	__cpuid_count(0xd, 1, a, b, c, d);
	xsaves = a & 8;
	printf("# CPUID.(0DH,1): EAX %#x (XSAVES %u) EBX %u ECX %#x\n",
	       a, !!xsaves, b, c);
	if (!xsaves) {
		/* no IA32_XSS, so no supervisor component enumerated */
		result(!(c & (1U << 10)),
		       "no XSAVES: CPUID.(0DH,1):ECX[10] (PASID state) clear");
		__cpuid_count(0xd, 10, a, b, c, d);
		result(!a && !b && !c && !d, "no XSAVES: CPUID.(0DH,10) empty");
	}
	if (!xsaves && !kernel_has("enqcmd")) {
		/* 5.10 with the series keeps ENQCMD off without XSAVES */
		printf("ok %d # SKIP no XSAVES: the kernel left ENQCMD off\n", ++n);
		return failed ? 1 : 0;
	}
	result(kernel_has("enqcmd"), "the kernel sees ENQCMD (/proc/cpuinfo)");

	no_pasid();

	/* A PASID stays with its mm until the mm goes: use a child */
	fflush(stdout);
	pid = fork();
	if (!pid) {
		int r = with_pasid();

		fflush(stdout);
		_exit(r || failed ? 1 : 0);
	}
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		failed++;
	printf("# %s\n", failed ? "FAIL" : "PASS");
	return failed ? 1 : 0;
}
