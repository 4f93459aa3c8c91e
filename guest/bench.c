// SPDX-License-Identifier: GPL-2.0
/*
 * Guest benchmark for the PASID series (make bench). Plain C, static,
 * clock_gettime(): wall-clock time, or, when QEMU runs with -icount
 * shift=0, executed instructions (one per nanosecond). Every result is
 * one line:
 *
 *   bench <name> <value> <unit>
 *
 * The non-PASID loops run on any kernel; the PASID ones need the test
 * interface (CONFIG_IOMMU_SVA_TEST) and are skipped without it, the
 * ENQCMD ones also a CPU whose ENQCMD the kernel enabled.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * The test interface's ABI and helpers, and the IPI reader, shared with
 * the series' selftests (tools/testing/selftests/iommu/pasid_utils.h;
 * scripts/initramfs.sh sets -I)
 */
#include "pasid_utils.h"

static const char *self;
static int sva_fd = -1;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void result(const char *name, double value, const char *unit)
{
	printf("bench %s %.3f %s\n", name, value, unit);
	fflush(stdout);
}

static void reap(pid_t pid)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		fprintf(stderr, "bench: child failed\n");
		exit(1);
	}
}

static double rate(const char *name, int n, void (*one)(void))
{
	double t0 = now(), dt;
	int i;

	for (i = 0; i < n; i++)
		one();
	dt = now() - t0;
	result(name, n / dt, "per_s");
	return dt;
}

static void fork_exit(void)
{
	pid_t pid = fork();

	if (!pid)
		_exit(0);
	reap(pid);
}

static void fork_exec_exit(void)
{
	pid_t pid = fork();

	if (!pid) {
		execl(self, self, "--exit", (char *)NULL);
		_exit(1);
	}
	reap(pid);
}

static void *nothing(void *arg)
{
	return arg;
}

static void thread_create_exit(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, nothing, NULL) || pthread_join(t, NULL)) {
		fprintf(stderr, "bench: pthread failed\n");
		exit(1);
	}
}

/*
 * ENQCMD (F2 0F 38 F8 /r) of a 64-byte command to RAM; returns ZF. A
 * #GP that the kernel does not fix up kills the benchmark (SIGSEGV).
 */
struct enq_cmd {
	uint32_t dw0;
	uint8_t rest[60];
} __attribute__((aligned(64)));

static int enqcmd(struct enq_cmd *dst, const struct enq_cmd *src)
{
	unsigned char zf;

	asm volatile(".byte 0xf2, 0x0f, 0x38, 0xf8, 0x02\n\tsetz %0"
		     : "=q" (zf), "+m" (*dst)
		     : "a" (dst), "d" (src), "m" (*src));
	return zf;
}

/* Has the kernel enabled ENQCMD? */
static int has_enqcmd(void)
{
	char line[4096];
	int found = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, "flags", 5) && strstr(line, " enqcmd");
	fclose(f);
	return found;
}

static int sva(uint32_t op, struct iommu_sva_test_cmd *c)
{
	return sva_cmd(sva_fd, op, PASID_MIN, PASID_MAX, INVALID, c);
}

static void alloc_exit(void)
{
	pid_t pid = fork();
	struct iommu_sva_test_cmd c;

	if (!pid)
		_exit(sva(IOMMU_SVA_TEST_OP_ALLOC, &c) ? 1 : 0);
	reap(pid);
}

/*
 * Does a repeated allocation allocate anything? fail-nth set to 1 fails
 * the task's next slab allocation and reads back 0 once it did; the ioasid
 * allocator always allocates, so a repeated ALLOC that reaches it would
 * consume the injection.
 */
static void repeat_allocates(struct iommu_sva_test_cmd *c)
{
	char path[64], buf[16] = "";
	int fd, r;

	snprintf(path, sizeof(path), "/proc/self/task/%d/fail-nth", gettid());
	fd = open(path, O_RDWR);
	if (fd < 0)
		return;
	if (write(fd, "1", 1) != 1)
		return;
	r = sva(IOMMU_SVA_TEST_OP_ALLOC, c);
	if (pread(fd, buf, sizeof(buf) - 1, 0) <= 0)
		return;
	if (write(fd, "0", 1) != 1)
		return;
	close(fd);
	result("repeat_alloc_allocations", r ? 1 : atoi(buf) == 0, "count");
}

/* Function-call interrupts (the CAL line of /proc/interrupts) per CPU */
static void cal(unsigned long *v, int ncpu)
{
	struct ipi_count c;
	int i;

	for (i = 0; i < ncpu; i++) {
		if (read_ipi_count(i, &c)) {
			fprintf(stderr, "bench: no CAL count for CPU %d\n", i);
			exit(1);
		}
		v[i] = c.cal;
	}
}

static volatile int spin_stop;

static void *spin(void *arg)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET((int)(intptr_t)arg, &set);
	sched_setaffinity(0, sizeof(set), &set);
	while (!spin_stop)
		;
	return NULL;
}

/* A thread's first ENQCMD where there is one, else the interface's FIXUP */
static void *fixup(void *arg)
{
	struct enq_cmd src = { 0 }, dst;
	struct iommu_sva_test_cmd c;

	if (has_enqcmd())
		return (void *)(intptr_t)enqcmd(&dst, &src);
	return (void *)(intptr_t)sva(IOMMU_SVA_TEST_OP_FIXUP, &c);
}

struct enq_stat {
	double first, next;
	int fixups;
};

#define ENQ_REPEAT 100

/*
 * A thread's first ENQCMD (the #GP, the fixup, the retry) and the next
 * ENQ_REPEAT. The fixup is the only place that sets the task's
 * pasid_activated, and a later #GP of an activated task is a SIGSEGV, so
 * the flips of that bit are the fixups the thread took.
 */
static void *enq_thread(void *arg)
{
	struct enq_cmd src = { 0 }, dst;
	struct enq_stat *s = arg;
	struct iommu_sva_test_cmd c;
	int before, i;
	double t0;

	sva(IOMMU_SVA_TEST_OP_QUERY, &c);
	before = c.activated;
	t0 = now();
	enqcmd(&dst, &src);
	s->first = now() - t0;
	sva(IOMMU_SVA_TEST_OP_QUERY, &c);
	s->fixups = c.activated - before;
	t0 = now();
	for (i = 0; i < ENQ_REPEAT; i++)
		enqcmd(&dst, &src);
	s->next = (now() - t0) / ENQ_REPEAT;
	return NULL;
}

/* In a fresh process with a PASID: 'n' threads, one after the other */
static void enq(int n)
{
	double first = 0, next = 0;
	struct enq_stat s;
	struct iommu_sva_test_cmd c;
	int fixups = 0, i;
	pthread_t t;

	if (sva(IOMMU_SVA_TEST_OP_ALLOC, &c))
		exit(1);
	for (i = 0; i < n; i++) {
		memset(&s, 0, sizeof(s));
		pthread_create(&t, NULL, enq_thread, &s);
		pthread_join(t, NULL);
		first += s.first;
		next += s.next;
		fixups += s.fixups;
	}
	result("enqcmd_first_us", first / n * 1e6, "us");
	result("enqcmd_next_us", next / n * 1e6, "us");
	result("enqcmd_fixups_per_thread", (double)fixups / n, "count");
	exit(0);
}

/*
 * In a fresh process with a sibling thread spinning on every other CPU:
 * one first allocation and 'n' fixups (real ENQCMDs where the kernel has
 * enabled it) from new threads on CPU 0. Prints
 * the function-call interrupts the other CPUs took, per operation.
 */
static void ipis(int n)
{
	unsigned long before[64], mid[64], after[64];
	int ncpu = sysconf(_SC_NPROCESSORS_ONLN), i;
	pthread_t sib[64], t;
	struct iommu_sva_test_cmd c;
	double a = 0, f = 0;
	cpu_set_t set;

	if (ncpu < 2 || ncpu > 64)
		exit(0);	/* no other CPU to count interrupts on */
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	for (i = 1; i < ncpu; i++)
		pthread_create(&sib[i], NULL, spin, (void *)(intptr_t)i);
	usleep(100000);

	cal(before, ncpu);
	if (sva(IOMMU_SVA_TEST_OP_ALLOC, &c))
		exit(1);
	cal(mid, ncpu);
	for (i = 0; i < n; i++) {
		pthread_create(&t, NULL, fixup, NULL);
		pthread_join(t, NULL);
	}
	cal(after, ncpu);
	for (i = 1; i < ncpu; i++) {
		a += mid[i] - before[i];
		f += after[i] - mid[i];
	}
	spin_stop = 1;
	result("ipis_per_first_alloc", a, "ipis");
	result("ipis_per_fixup", f / n, "ipis");
	exit(0);
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 2000;
	struct iommu_sva_test_cmd c;
	double t0;
	pid_t pid;
	int i;

	self = argv[0];
	if (argc > 1 && !strcmp(argv[1], "--exit"))
		return 0;

	rate("fork_exit", n, fork_exit);
	rate("fork_exec_exit", n / 2, fork_exec_exit);
	rate("thread_create_exit", n, thread_create_exit);

	sva_fd = open(IOMMU_SVA_TEST_PATH, O_RDWR);
	if (sva_fd < 0) {
		printf("bench pasid skipped: %s\n", strerror(errno));
		return 0;
	}

	/* First allocation, in fresh processes, then repeated ones */
	pid = fork();
	if (!pid) {
		t0 = now();
		if (sva(IOMMU_SVA_TEST_OP_ALLOC, &c))
			_exit(1);
		result("first_alloc_us", (now() - t0) * 1e6, "us");
		t0 = now();
		for (i = 0; i < n * 10; i++)
			if (sva(IOMMU_SVA_TEST_OP_ALLOC, &c))
				_exit(1);
		result("repeat_alloc_us", (now() - t0) * 1e6 / (n * 10), "us");
		repeat_allocates(&c);
		_exit(0);
	}
	reap(pid);

	rate("alloc_exit", n, alloc_exit);

	pid = fork();
	if (!pid)
		ipis(n / 10);
	reap(pid);

	if (has_enqcmd()) {
		pid = fork();
		if (!pid)
			enq(n / 10);
		reap(pid);
	}
	return 0;
}
