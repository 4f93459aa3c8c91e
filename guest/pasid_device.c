// SPDX-License-Identifier: GPL-2.0
/*
 * SVA binds and ENQCMD on a real (emulated) PASID device: our QEMU's
 * pasid-testdev (1b36:00f0) and its driver, guest/pasid-testdev. Every
 * open of /dev/pasid_testdevN binds the opener's mm; mmap() gives the
 * ENQCMD portal; the device executes each command synchronously through
 * the PASID's first-stage tables (the process's page tables), without
 * PRI: every page a command touches must be present and writable first.
 *
 * The PASID life cycle is watched through CONFIG_IOMMU_SVA_TEST's QUERY
 * (drivers/iommu/iommu-sva-test.h): the caller's mm_pasid, how many
 * PASIDs mms hold, whether a given PASID is allocated. Every test ends by
 * checking that no descriptor leaked and that the mms hold as many PASIDs
 * as at the start, plus the test process's own if it bound.
 *
 * Build: gcc -static -O2 -Wall -pthread
 *	-I tools/testing/selftests -I drivers/iommu -I guest/pasid-testdev
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "iommu-sva-test.h"
#include "pasid_testdev.h"

#if defined(__x86_64__)

#define DEV0		"/dev/pasid_testdev0"
#define DEV1		"/dev/pasid_testdev1"
#define INVALID		IOMMU_SVA_TEST_INVALID
#define PASID_LIMIT	(1U << 20)
/* ALLOC's range: what a VT-d bind accepts as the mm's PASID */
#define ALLOC_MIN	1U
#define ALLOC_MAX	0xffeffU
#define PAGE		4096UL

/* How long a PASID may take to be freed after its mm's last user goes */
#define SETTLE_MS	2000
#define RELEASE_MS	1000

#define NR_THREADS	16
#define NR_FRESH	8
#define STORM_PROCS	8
#define STORM_ROUNDS	50
#define MAX_FAIL_NTH	200

#define FAIL_NTH	"/proc/thread-self/fail-nth"
#define FAILSLAB	"/sys/kernel/debug/failslab"

/* The test interface */

static int sva_cmd(int fd, __u32 op, __u32 pasid,
		   struct iommu_sva_test_cmd *cmd)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->size = sizeof(*cmd);
	cmd->op = op;
	cmd->min = ALLOC_MIN;
	cmd->max = ALLOC_MAX;
	cmd->pasid = pasid;
	return ioctl(fd, IOMMU_SVA_TEST_CMD, cmd) ? -errno : 0;
}

/* Give the caller's mm its PASID: the PASID, or INVALID */
static __u32 sva_alloc(int fd)
{
	struct iommu_sva_test_cmd cmd;

	return sva_cmd(fd, IOMMU_SVA_TEST_OP_ALLOC, INVALID, &cmd) ?
		INVALID : cmd.pasid;
}

/* The caller's mm's PASID; INVALID if none or if QUERY failed */
static __u32 mm_pasid(int fd)
{
	struct iommu_sva_test_cmd q;

	return sva_cmd(fd, IOMMU_SVA_TEST_OP_QUERY, INVALID, &q) ?
		INVALID : q.mm_pasid;
}

/* PASIDs held by mms; UINT_MAX if QUERY failed */
static unsigned int nr_pasids(int fd)
{
	struct iommu_sva_test_cmd q;

	return sva_cmd(fd, IOMMU_SVA_TEST_OP_QUERY, INVALID, &q) ?
		UINT_MAX : q.nr_pasids;
}

static bool pasid_allocated(int fd, __u32 pasid)
{
	struct iommu_sva_test_cmd q;

	return !sva_cmd(fd, IOMMU_SVA_TEST_OP_QUERY, pasid, &q) && q.allocated;
}

static bool pasid_ok(__u32 pasid)
{
	return pasid && pasid < PASID_LIMIT;
}

/*
 * A dead mm can stay the lazy TLB mm of a CPU that went idle after
 * running it, and its PASID is freed only when that reference goes:
 * running once on every CPU makes each of them switch mm.
 */
static void kick_cpus(void)
{
	cpu_set_t allowed, one;
	int cpu;

	if (sched_getaffinity(0, sizeof(allowed), &allowed))
		return;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &allowed))
			continue;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		sched_setaffinity(0, sizeof(one), &one);
	}
	sched_setaffinity(0, sizeof(allowed), &allowed);
}

/* Poll for up to SETTLE_MS until mms hold @want PASIDs: the last count */
static unsigned int wait_nr_pasids(int fd, unsigned int want)
{
	unsigned int nr;
	int ms;

	for (ms = 0; ; ms += 10) {
		nr = nr_pasids(fd);
		if (nr == want || ms >= SETTLE_MS)
			return nr;
		kick_cpus();
		usleep(10000);
	}
}

/* Poll for up to RELEASE_MS until @pasid is free: whether it is */
static bool wait_pasid_freed(int fd, __u32 pasid)
{
	int ms;

	for (ms = 0; pasid_allocated(fd, pasid); ms += 10) {
		if (ms >= RELEASE_MS)
			return false;
		kick_cpus();
		usleep(10000);
	}
	return true;
}

/* The device */

static int open_dev(int i)
{
	return open(i ? DEV1 : DEV0, O_RDWR | O_CLOEXEC);
}

static __u32 dev_pasid(int fd)
{
	__u32 pasid;

	return ioctl(fd, PASID_TESTDEV_GET_PASID, &pasid) ? INVALID : pasid;
}

static int dev_stats(int fd, struct pasid_testdev_stats *st)
{
	return ioctl(fd, PASID_TESTDEV_GET_STATS, st);
}

static void *map_portal(int fd)
{
	void *p = mmap(NULL, PASID_TESTDEV_PORTAL_SIZE, PROT_READ | PROT_WRITE,
		       MAP_SHARED, fd, 0);

	return p == MAP_FAILED ? NULL : p;
}

/*
 * Bind through a new file of device @dev and map its portal: the file,
 * with *pasid and *portal set, or -1 with errno set (nothing left open).
 */
static int bind_with_portal(int dev, __u32 *pasid, char **portal)
{
	int fd = open_dev(dev), err;

	if (fd < 0)
		return -1;
	*pasid = dev_pasid(fd);
	*portal = map_portal(fd);
	if (pasid_ok(*pasid) && *portal)
		return fd;
	err = *portal ? EINVAL : errno;
	if (*portal)
		munmap(*portal, PASID_TESTDEV_PORTAL_SIZE);
	close(fd);
	errno = err;
	return -1;
}

/* Anonymous memory, every page written: present and writable */
static char *touched(size_t size, int byte)
{
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, byte, size);
	return p;
}

/* ENQCMD */

static __thread sigjmp_buf *gp_env;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	if (gp_env)
		siglongjmp(*gp_env, 1);
	signal(SIGSEGV, SIG_DFL);
}

static void catch_gp(void)
{
	struct sigaction sa = {
		.sa_sigaction = on_segv,
		.sa_flags = SA_SIGINFO | SA_NODEFER,
	};

	sigaction(SIGSEGV, &sa, NULL);
}

static bool cpu_has_enqcmd(void)
{
	char line[4096];
	bool found = false;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, "flags", 5) && strstr(line, " enqcmd");
	fclose(f);
	return found;
}

/*
 * ENQCMD @cmd to @portal (F2 0F 38 F8 /r: the register operand holds the
 * destination). A task's first one takes a #GP that the kernel fixes up
 * by loading its mm's PASID. 0: accepted (ZF=0), 1: refused (ZF=1), -1:
 * #GP not fixed up (SIGSEGV). The device executes the command before the
 * instruction completes: "memory" tells the compiler it wrote memory.
 */
static int enqcmd(void *portal, const struct pasid_testdev_cmd *cmd)
{
	sigjmp_buf env;
	unsigned char zf;

	if (sigsetjmp(env, 1)) {
		gp_env = NULL;
		return -1;
	}
	gp_env = &env;
	asm volatile(".byte 0xf2, 0x0f, 0x38, 0xf8, 0x02\n\tsetz %0"
		     : "=q" (zf)
		     : "a" (portal), "d" (cmd)
		     : "memory", "cc");
	gp_env = NULL;
	return zf;
}

/* Submit a command; @comp, if any, is cleared (and so touched) first */
static int submit(void *portal, __u32 op, const void *src, void *dst,
		  __u32 len, __u32 value, struct pasid_testdev_completion *comp)
{
	struct pasid_testdev_cmd cmd __attribute__((aligned(64)));

	memset(&cmd, 0, sizeof(cmd));
	cmd.op = op;
	cmd.src = (uintptr_t)src;
	cmd.dst = (uintptr_t)dst;
	cmd.len = len;
	cmd.value = value;
	cmd.completion = (uintptr_t)comp;
	if (comp)
		memset(comp, 0, sizeof(*comp));
	return enqcmd(portal, &cmd);
}

static const char *zf_str(int zf)
{
	return zf < 0 ? "#GP (SIGSEGV): no PASID loaded" :
	       zf ? "ZF=1: the device refused the command" : "accepted";
}

/* Processes */

static pid_t fork_child(void)
{
	pid_t parent = getpid();
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(KSFT_FAIL);
	}
	return pid;
}

static int read_full(int fd, void *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = read(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf = (char *)buf + n;
		len -= n;
	}
	return 0;
}

static int read_text(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int write_text(const char *path, const char *val)
{
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = write(fd, val, strlen(val));
	close(fd);
	return n == (ssize_t)strlen(val) ? 0 : -1;
}

/* Open descriptors of this process */
static int nr_open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;	/* the directory's own */
}

FIXTURE(ptd) {
	int sva;		/* the test interface, -1 if skipped */
	unsigned int baseline;	/* PASIDs held by mms at the start */
	int nr_fds;		/* descriptors open at the start */
	bool two;		/* /dev/pasid_testdev1 is there */
	bool enqcmd;		/* the kernel enabled ENQCMD */
};

FIXTURE_SETUP(ptd)
{
	self->sva = -1;
	if (geteuid())
		SKIP(return, "needs root");
	if (access(DEV0, F_OK))
		SKIP(return, "no %s (%s): no pasid-testdev, or its driver not loaded",
		     DEV0, strerror(errno));
	self->sva = open(IOMMU_SVA_TEST_PATH, O_RDWR | O_CLOEXEC);
	if (self->sva < 0)
		SKIP(return, "%s: %s (needs CONFIG_IOMMU_SVA_TEST and debugfs)",
		     IOMMU_SVA_TEST_PATH, strerror(errno));
	ASSERT_EQ(INVALID, mm_pasid(self->sva))
		TH_LOG("the test process has a PASID (or QUERY failed)");
	kick_cpus();
	self->baseline = nr_pasids(self->sva);
	ASSERT_NE(UINT_MAX, self->baseline);
	self->two = !access(DEV1, F_OK);
	self->enqcmd = cpu_has_enqcmd();
	self->nr_fds = nr_open_fds();
	signal(SIGPIPE, SIG_IGN);
	catch_gp();
}

/* No descriptor leaked; mms hold the PASIDs they held at the start */
static void check_end(struct __test_metadata *_metadata,
		      FIXTURE_DATA(ptd) *self)
{
	unsigned int want;

	EXPECT_EQ(self->nr_fds, nr_open_fds()) TH_LOG("descriptors leaked");
	/* The test process's mm keeps a PASID it got until it exits */
	want = self->baseline + (mm_pasid(self->sva) != INVALID);
	EXPECT_EQ(want, wait_nr_pasids(self->sva, want))
		TH_LOG("PASIDs held by mms (baseline %u)", self->baseline);
}

FIXTURE_TEARDOWN(ptd)
{
	if (self->sva < 0)
		return;
	check_end(_metadata, self);
	close(self->sva);
}

/*
 * A test that did what it could and SKIPs for the rest: SKIP hides any
 * later failure (the teardown's too), so the end checks come first.
 */
#define SKIP_REST(fmt, ...) do {					\
	check_end(_metadata, self);					\
	if (_metadata->passed)						\
		SKIP(return, fmt, ##__VA_ARGS__);			\
} while (0)

#define NEED_ENQCMD() do {						\
	if (!self->enqcmd)						\
		SKIP(return, "the kernel has not enabled ENQCMD on this CPU"); \
} while (0)

/*
 * 5.10's harness runs the body even when FIXTURE_SETUP() skipped, so
 * every test starts by returning if _metadata->skip is set.
 */

typedef void (*child_fn)(struct __test_metadata *_metadata,
			 FIXTURE_DATA(ptd) *self);

/*
 * Run @fn in a fresh process (an mm without a PASID) and wait for it; @fn
 * may use ASSERT, EXPECT and SKIP: the result comes back as exit status.
 * The child shares the harness's results page, hence the SKIP reason.
 */
static void run_in_child(struct __test_metadata *_metadata,
			 FIXTURE_DATA(ptd) *self, child_fn fn)
{
	char reason[sizeof(_metadata->results->reason)];
	int status = -1;
	pid_t pid;

	pid = fork_child();
	if (pid == 0) {
		fn(_metadata, self);
		if (_metadata->skip)
			_exit(KSFT_SKIP);
		_exit(_metadata->passed ? KSFT_PASS : KSFT_FAIL);
	}
	/* no ASSERT: bind_fail_nth must restore its settings after this */
	EXPECT_LE(0, pid) TH_LOG("fork: %s", strerror(errno));
	if (pid < 0)
		return;
	EXPECT_EQ(pid, waitpid(pid, &status, 0));
	if (WIFEXITED(status) && WEXITSTATUS(status) == KSFT_SKIP) {
		memcpy(reason, _metadata->results->reason, sizeof(reason));
		reason[sizeof(reason) - 1] = '\0';
		SKIP(return, "%s", reason);
	}
	EXPECT_EQ(0, status) TH_LOG("test child: wait status %#x", status);
}

/* The binding's PASID is the mm's */
TEST_F(ptd, bind_gets_mm_pasid)
{
	__u32 pasid;
	int fd;

	if (_metadata->skip)
		return;
	fd = open_dev(0);
	ASSERT_LE(0, fd) TH_LOG("open %s: %s", DEV0, strerror(errno));
	pasid = dev_pasid(fd);
	EXPECT_TRUE(pasid_ok(pasid)) TH_LOG("GET_PASID: %#x", pasid);
	EXPECT_EQ(pasid, mm_pasid(self->sva));
	EXPECT_TRUE(pasid_allocated(self->sva, pasid));
	close(fd);
}

/* Every bind of one mm, to either device, has the mm's one PASID */
TEST_F(ptd, same_pasid_everywhere)
{
	unsigned int before;
	__u32 pasid[3];
	int fd[3], i, n;

	if (_metadata->skip)
		return;
	before = nr_pasids(self->sva);
	n = self->two ? 3 : 2;
	for (i = 0; i < n; i++) {
		fd[i] = open_dev(i == 2);
		ASSERT_LE(0, fd[i]) TH_LOG("open %d: %s", i, strerror(errno));
		pasid[i] = dev_pasid(fd[i]);
		EXPECT_TRUE(pasid_ok(pasid[i])) TH_LOG("open %d: %#x", i, pasid[i]);
		EXPECT_EQ(pasid[0], pasid[i]) TH_LOG("open %d", i);
	}
	EXPECT_EQ(pasid[0], mm_pasid(self->sva));
	EXPECT_GE(1, (int)(nr_pasids(self->sva) - before))
		TH_LOG("nr_pasids %u before the binds", before);
	for (i = 0; i < n; i++)
		close(fd[i]);
	if (!self->two)
		SKIP_REST("two opens of %s agree; no %s for a second device",
			  DEV0, DEV1);
}

struct bind_thread {
	pthread_barrier_t *barrier;
	bool two;
	int fd[2];
	int err[2];
	__u32 pasid[2];
};

static void *bind_thread_fn(void *arg)
{
	struct bind_thread *t = arg;
	int i;

	pthread_barrier_wait(t->barrier);
	for (i = 0; i < 1 + t->two; i++) {
		t->fd[i] = open_dev(i);
		t->err[i] = t->fd[i] < 0 ? errno : 0;
		t->pasid[i] = t->fd[i] < 0 ? INVALID : dev_pasid(t->fd[i]);
	}
	return NULL;
}

static void threads_bind_child(struct __test_metadata *_metadata,
			       FIXTURE_DATA(ptd) *self)
{
	struct bind_thread t[NR_THREADS];
	pthread_t id[NR_THREADS];
	pthread_barrier_t barrier;
	unsigned int before;
	__u32 pasid;
	int i, j;

	ASSERT_EQ(INVALID, mm_pasid(self->sva)) TH_LOG("the child has a PASID");
	before = nr_pasids(self->sva);
	ASSERT_EQ(0, pthread_barrier_init(&barrier, NULL, NR_THREADS));
	for (i = 0; i < NR_THREADS; i++) {
		t[i] = (struct bind_thread){ .barrier = &barrier, .two = self->two,
					     .fd = { -1, -1 } };
		ASSERT_EQ(0, pthread_create(&id[i], NULL, bind_thread_fn, &t[i]));
	}
	for (i = 0; i < NR_THREADS; i++)
		ASSERT_EQ(0, pthread_join(id[i], NULL));
	pasid = mm_pasid(self->sva);
	EXPECT_TRUE(pasid_ok(pasid)) TH_LOG("mm_pasid %#x", pasid);
	EXPECT_EQ(before + 1, nr_pasids(self->sva))
		TH_LOG("nr_pasids %u before the binds", before);
	for (i = 0; i < NR_THREADS; i++) {
		for (j = 0; j < 1 + self->two; j++) {
			EXPECT_EQ(0, t[i].err[j])
				TH_LOG("thread %d, dev%d: %s", i, j,
				       strerror(t[i].err[j]));
			EXPECT_EQ(pasid, t[i].pasid[j])
				TH_LOG("thread %d, dev%d", i, j);
			if (t[i].fd[j] >= 0)
				close(t[i].fd[j]);
		}
	}
	pthread_barrier_destroy(&barrier);
}

/* Racing first binds of one fresh mm allocate one PASID */
TEST_F(ptd, threads_bind_once)
{
	if (_metadata->skip)
		return;
	run_in_child(_metadata, self, threads_bind_child);
}

static void check_stats(struct __test_metadata *_metadata, int fd,
			const struct pasid_testdev_stats *before, __u32 pasid)
{
	struct pasid_testdev_stats st;

	ASSERT_EQ(0, dev_stats(fd, &st)) TH_LOG("GET_STATS: %s", strerror(errno));
	EXPECT_EQ(before->done + 1, st.done);
	EXPECT_EQ(before->refused, st.refused);
	EXPECT_EQ(before->faults, st.faults);
	EXPECT_EQ(pasid, st.last_pasid);
}

/* A FILL through the PASID writes the process's memory */
TEST_F(ptd, enqcmd_fill_lands)
{
	const __u32 len = 3 * PAGE + 100, off = 5;
	struct pasid_testdev_stats before;
	struct pasid_testdev_completion *comp;
	char *buf, *portal;
	__u32 pasid, i, bad = 0;
	int fd, zf;

	if (_metadata->skip)
		return;
	NEED_ENQCMD();
	fd = bind_with_portal(0, &pasid, &portal);
	ASSERT_LE(0, fd) TH_LOG("bind and map %s: %s", DEV0, strerror(errno));
	comp = (void *)touched(PAGE, 0);
	buf = touched(5 * PAGE, 0x11);
	ASSERT_NE(NULL, comp);
	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, dev_stats(fd, &before));

	zf = submit(portal, PASID_TESTDEV_OP_FILL, NULL, buf + off, len,
		    0x3a5, comp);
	ASSERT_EQ(0, zf) TH_LOG("%s", zf_str(zf));
	EXPECT_EQ(PASID_TESTDEV_STATUS_SUCCESS, comp->status)
		TH_LOG("fault at %#llx", (unsigned long long)comp->fault_addr);
	EXPECT_EQ(len, comp->bytes_done);
	for (i = 0; i < len; i++)
		bad += (unsigned char)buf[off + i] != 0xa5;
	EXPECT_EQ(0, bad) TH_LOG("%u of %u bytes not filled", bad, len);
	EXPECT_EQ(0x11, buf[off - 1]) TH_LOG("written before dst");
	EXPECT_EQ(0x11, buf[off + len]) TH_LOG("written past dst + len");
	check_stats(_metadata, fd, &before, pasid);

	munmap(buf, 5 * PAGE);
	munmap(comp, PAGE);
	munmap(portal, PASID_TESTDEV_PORTAL_SIZE);
	close(fd);
}

/* A COPY reads and writes the process's memory */
TEST_F(ptd, enqcmd_copy_lands)
{
	const __u32 len = 2 * PAGE + 300, soff = 7, doff = 3000;
	struct pasid_testdev_stats before;
	struct pasid_testdev_completion *comp;
	char *src, *dst, *portal;
	__u32 pasid, i;
	int fd, zf;

	if (_metadata->skip)
		return;
	NEED_ENQCMD();
	fd = bind_with_portal(0, &pasid, &portal);
	ASSERT_LE(0, fd) TH_LOG("bind and map %s: %s", DEV0, strerror(errno));
	comp = (void *)touched(PAGE, 0);
	src = touched(4 * PAGE, 0);
	dst = touched(4 * PAGE, 0x11);
	ASSERT_NE(NULL, comp);
	ASSERT_NE(NULL, src);
	ASSERT_NE(NULL, dst);
	for (i = 0; i < 4 * PAGE; i++)
		src[i] = i * 7 + (i >> 12);
	ASSERT_EQ(0, dev_stats(fd, &before));

	zf = submit(portal, PASID_TESTDEV_OP_COPY, src + soff, dst + doff, len,
		    0, comp);
	ASSERT_EQ(0, zf) TH_LOG("%s", zf_str(zf));
	EXPECT_EQ(PASID_TESTDEV_STATUS_SUCCESS, comp->status)
		TH_LOG("fault at %#llx", (unsigned long long)comp->fault_addr);
	EXPECT_EQ(len, comp->bytes_done);
	EXPECT_EQ(0, memcmp(src + soff, dst + doff, len))
		TH_LOG("the copy differs from the source");
	EXPECT_EQ(0x11, dst[doff - 1]) TH_LOG("written before dst");
	EXPECT_EQ(0x11, dst[doff + len]) TH_LOG("written past dst + len");
	check_stats(_metadata, fd, &before, pasid);

	munmap(src, 4 * PAGE);
	munmap(dst, 4 * PAGE);
	munmap(comp, PAGE);
	munmap(portal, PASID_TESTDEV_PORTAL_SIZE);
	close(fd);
}

/*
 * Bind to device @dev, map its portal and submit one NOP, after which the
 * device watches the PASID's address space: the file, or -1.
 */
static int bind_watched(int dev, __u32 *pasid, char **portal)
{
	struct pasid_testdev_completion *comp;
	int fd = bind_with_portal(dev, pasid, portal);
	int zf;

	if (fd < 0)
		return -1;
	comp = (void *)touched(PAGE, 0);
	zf = comp ? submit(*portal, PASID_TESTDEV_OP_NOP, NULL, NULL, 0, 0,
			   comp) : -1;
	if (zf || comp->status != PASID_TESTDEV_STATUS_SUCCESS) {
		munmap(*portal, PASID_TESTDEV_PORTAL_SIZE);
		close(fd);
		fd = -1;
	}
	if (comp)
		munmap(comp, PAGE);
	return fd;
}

/* Wait up to 2 s for a PASID-wide invalidation of @fd's PASID */
static bool wait_wide(int fd, __u64 before)
{
	struct pasid_testdev_stats st;
	int i;

	for (i = 0; i < 200; i++) {
		if (dev_stats(fd, &st))
			return false;
		if (st.wide_mine > before)
			return true;
		usleep(10000);
	}
	return false;
}

/*
 * CVE-2025-71089: a kernel page table freed while devices are bound must
 * reach the IOMMU as an invalidation of every bound PASID, here seen by
 * the device as a PASID-wide unmap of each PASID's address space. Two
 * processes, so two PASIDs, bound to the two devices (to dev0 both, with
 * one device).
 */
TEST_F(ptd, kva_free_invalidates_every_pasid)
{
	struct pasid_testdev_stats before, b2;
	struct iommu_sva_test_cmd cmd;
	int fd, f2, ret, status, ready[2], go[2];
	char *portal, *p2, c = 0;
	__u32 pasid, q;
	pid_t pid;

	if (_metadata->skip)
		return;
	NEED_ENQCMD();
	fd = bind_watched(0, &pasid, &portal);
	ASSERT_LE(0, fd) TH_LOG("bind, map and NOP on %s: %s", DEV0,
				strerror(errno));
	ASSERT_EQ(0, dev_stats(fd, &before));
	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(go));

	pid = fork_child();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		/* A new mm: a PASID of its own */
		f2 = bind_watched(self->two ? 1 : 0, &q, &p2);
		if (f2 < 0 || q == pasid)
			_exit(2);
		if (dev_stats(f2, &b2))
			_exit(3);
		if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(3);
		_exit(wait_wide(f2, b2.wide_mine) ? 0 : 4);
	}
	ASSERT_EQ(1, read(ready[0], &c, 1)) TH_LOG("the child did not bind");

	ret = sva_cmd(self->sva, IOMMU_SVA_TEST_OP_FREE_KVA_TABLE, 0, &cmd);
	EXPECT_EQ(0, ret) TH_LOG("FREE_KVA_TABLE: %s", strerror(-ret));
	EXPECT_EQ(1, write(go[1], &c, 1));
	/* A worker frees the table after telling the IOMMUs */
	EXPECT_TRUE(wait_wide(fd, before.wide_mine))
		TH_LOG("no PASID-wide invalidation of PASID %u reached %s in 2 s",
		       pasid, DEV0);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, status)
		TH_LOG("the other process's PASID: wait status %#x (0x200 bind, 0x300 stats, 0x400 no invalidation in 2 s)",
		       status);

	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
	munmap(portal, PASID_TESTDEV_PORTAL_SIZE);
	close(fd);
}

/* The last unbind leaves the PASID with the mm, which binds to it again */
TEST_F(ptd, unbind_keeps_pasid)
{
	__u32 pasid;
	int fd;

	if (_metadata->skip)
		return;
	fd = open_dev(0);
	ASSERT_LE(0, fd) TH_LOG("open %s: %s", DEV0, strerror(errno));
	pasid = dev_pasid(fd);
	ASSERT_TRUE(pasid_ok(pasid)) TH_LOG("GET_PASID: %#x", pasid);
	ASSERT_EQ(0, close(fd));
	EXPECT_EQ(pasid, mm_pasid(self->sva));
	EXPECT_TRUE(pasid_allocated(self->sva, pasid));
	fd = open_dev(0);
	ASSERT_LE(0, fd) TH_LOG("open again: %s", strerror(errno));
	EXPECT_EQ(pasid, dev_pasid(fd));
	close(fd);
}

struct inherit_report {
	int err;	/* errno of the failed step, or 0 */
	int step;	/* 1 open, 2 GET_PASID, 3 fork */
	__u32 before;	/* C's mm_pasid before the open */
	__u32 q;	/* the binding's PASID */
	pid_t d;	/* the grandchild */
};

/* C: bind, hand the file to a grandchild D that waits on @go, exit */
static void inherit_c(int sva, int rep, int go)
{
	struct inherit_report r = { .q = INVALID };
	char c;
	int fd;

	r.before = mm_pasid(sva);
	fd = open_dev(0);
	if (fd < 0) {
		r.err = errno;
		r.step = 1;
		goto out;
	}
	r.q = dev_pasid(fd);
	if (r.q == INVALID) {
		r.err = errno;
		r.step = 2;
		goto out;
	}
	/* D outlives C: a plain fork(), no parent-death signal */
	r.d = fork();
	if (r.d == 0) {
		close(rep);
		/* a byte, or EOF when the test is gone */
		while (read(go, &c, 1) < 0 && errno == EINTR)
			;
		close(fd);
		_exit(0);
	}
	if (r.d < 0) {
		r.err = errno;
		r.step = 3;
	}
out:
	_exit(write(rep, &r, sizeof(r)) == sizeof(r) ? 0 : 1);
}

/*
 * A binding holds its mm, and so the PASID, after the mm's process has
 * exited, for as long as the file lives in another process; the PASID is
 * released when that file goes, at the mm's final mmdrop.
 */
TEST_F_TIMEOUT(ptd, exit_with_inherited_binding, 60)
{
	struct inherit_report r;
	int rep[2], go[2], status, i;
	__u32 *seen;
	pid_t c, pid;

	if (_metadata->skip)
		return;
	/* D is reparented here when C exits, so it can be reaped here */
	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1));
	seen = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, seen);
	ASSERT_EQ(0, pipe2(rep, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
	c = fork_child();
	ASSERT_LE(0, c);
	if (c == 0) {
		close(rep[0]);
		close(go[1]);
		inherit_c(self->sva, rep[1], go[0]);
	}
	close(rep[1]);
	close(go[0]);
	ASSERT_EQ(0, read_full(rep[0], &r, sizeof(r)));
	close(rep[0]);
	ASSERT_EQ(c, waitpid(c, &status, 0));
	EXPECT_EQ(0, status);
	ASSERT_EQ(0, r.err) TH_LOG("C, step %d: %s", r.step, strerror(r.err));
	ASSERT_EQ(INVALID, r.before) TH_LOG("C had a PASID before it bound");
	ASSERT_TRUE(pasid_ok(r.q)) TH_LOG("C's PASID %#x", r.q);

	/* C is gone; D's file holds its mm */
	EXPECT_TRUE(pasid_allocated(self->sva, r.q))
		TH_LOG("PASID %u freed while D holds the binding", r.q);
	EXPECT_EQ(self->baseline + 1, nr_pasids(self->sva));
	for (i = 0; i < NR_FRESH; i++) {
		seen[i] = INVALID;
		pid = fork_child();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			int fd = i & 1 ? -1 : open_dev(0);

			seen[i] = i & 1 ? sva_alloc(self->sva) : dev_pasid(fd);
			_exit(0);
		}
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		EXPECT_TRUE(pasid_ok(seen[i]))
			TH_LOG("fresh child %d (%s): %#x", i,
			       i & 1 ? "ALLOC" : "bind", seen[i]);
		EXPECT_NE(r.q, seen[i]) TH_LOG("fresh child %d got C's PASID", i);
	}

	/* D closes the last reference to C's binding, and exits */
	EXPECT_EQ(1, write(go[1], "x", 1));
	close(go[1]);
	EXPECT_EQ(r.d, waitpid(r.d, &status, 0));
	EXPECT_EQ(0, status);
	EXPECT_TRUE(wait_pasid_freed(self->sva, r.q))
		TH_LOG("PASID %u still allocated %d ms after D closed",
		       r.q, RELEASE_MS);
	EXPECT_EQ(self->baseline, wait_nr_pasids(self->sva, self->baseline));
	munmap(seen, PAGE);
}

/*
 * A DMA fault (no PRI) completes the command with status 2 and the
 * faulting address, and is counted; the device goes on working.
 */
TEST_F(ptd, dma_fault_is_reported)
{
	struct pasid_testdev_stats before, st;
	struct pasid_testdev_completion *comp;
	char *hole, *buf, *portal;
	__u32 pasid;
	int fd, zf;

	if (_metadata->skip)
		return;
	NEED_ENQCMD();
	fd = bind_with_portal(0, &pasid, &portal);
	ASSERT_LE(0, fd) TH_LOG("bind and map %s: %s", DEV0, strerror(errno));
	comp = (void *)touched(PAGE, 0);
	buf = touched(PAGE, 0);
	ASSERT_NE(NULL, comp);
	ASSERT_NE(NULL, buf);
	hole = touched(PAGE, 0);
	ASSERT_NE(NULL, hole);
	ASSERT_EQ(0, munmap(hole, PAGE));
	ASSERT_EQ(0, dev_stats(fd, &before));

	zf = submit(portal, PASID_TESTDEV_OP_FILL, NULL, hole, 64, 0x5a, comp);
	ASSERT_EQ(0, zf) TH_LOG("%s", zf_str(zf));
	EXPECT_EQ(PASID_TESTDEV_STATUS_FAULT, comp->status);
	EXPECT_EQ(0, comp->bytes_done);
	EXPECT_EQ((uintptr_t)hole, comp->fault_addr);
	ASSERT_EQ(0, dev_stats(fd, &st));
	EXPECT_EQ(before.done + 1, st.done);
	EXPECT_EQ(before.faults + 1, st.faults);
	EXPECT_EQ((uintptr_t)hole, st.last_fault_addr);
	EXPECT_EQ(pasid, st.last_fault_pasid);
	EXPECT_EQ(pasid, st.last_pasid);

	/*
	 * An address in the x86 interrupt window is translated through the
	 * process's tables like any other with a PASID: unmapped here (the
	 * process maps nothing at 0xfee00000), so a fault, not a crash.
	 */
	zf = submit(portal, PASID_TESTDEV_OP_FILL, NULL, (void *)0xfee00000UL,
		    64, 0x5a, comp);
	ASSERT_EQ(0, zf) TH_LOG("interrupt window: %s", zf_str(zf));
	EXPECT_EQ(PASID_TESTDEV_STATUS_FAULT, comp->status);
	EXPECT_EQ(0xfee00000UL, comp->fault_addr);

	/* and a good command still works */
	zf = submit(portal, PASID_TESTDEV_OP_FILL, NULL, buf, 100, 0x5a, comp);
	ASSERT_EQ(0, zf) TH_LOG("after the fault: %s", zf_str(zf));
	EXPECT_EQ(PASID_TESTDEV_STATUS_SUCCESS, comp->status);
	EXPECT_EQ(100, comp->bytes_done);
	EXPECT_EQ(0x5a, buf[99]);
	EXPECT_EQ(0, buf[100]);

	munmap(buf, PAGE);
	munmap(comp, PAGE);
	munmap(portal, PASID_TESTDEV_PORTAL_SIZE);
	close(fd);
}

/* Storm */

struct storm_slot {
	int failed;		/* rounds that failed */
	int round;		/* the first failed round */
	int status;		/* its wait status */
};

static struct pasid_testdev_completion storm_comp
	__attribute__((aligned(64)));

/*
 * One round's process: bind to each device, one NOP with a completion
 * record; 0 or the failed step.
 */
static int storm_round(bool two, bool use_enqcmd)
{
	__u32 pasid[2] = { INVALID, INVALID };
	int fd[2] = { -1, -1 }, i;
	void *portal;

	for (i = 0; i < 1 + two; i++) {
		fd[i] = open_dev(i);
		if (fd[i] < 0)
			return 1 + i;
		pasid[i] = dev_pasid(fd[i]);
		if (!pasid_ok(pasid[i]))
			return 3;
	}
	if (two && pasid[0] != pasid[1])
		return 4;
	if (use_enqcmd) {
		portal = map_portal(fd[0]);
		if (!portal)
			return 5;
		switch (submit(portal, PASID_TESTDEV_OP_NOP, NULL, NULL, 0, 0,
			       &storm_comp)) {
		case -1:
			return 6;
		case 1:
			return 7;
		}
		if (storm_comp.status != PASID_TESTDEV_STATUS_SUCCESS)
			return 8;
	}
	for (i = 0; i < 1 + two; i++)
		close(fd[i]);
	return 0;
}

static void storm_worker(struct storm_slot *slot, bool two, bool use_enqcmd)
{
	int r, status;
	pid_t pid;

	for (r = 0; r < STORM_ROUNDS; r++) {
		pid = fork_child();
		if (pid == 0)
			_exit(storm_round(two, use_enqcmd));
		if (pid < 0 || waitpid(pid, &status, 0) != pid)
			status = -1;
		if (status && !slot->failed++) {
			slot->round = r;
			slot->status = status;
		}
	}
	_exit(0);
}

/*
 * Processes that bind, submit and exit, many at once: every command
 * completes, every PASID is released, and binding still works.
 */
TEST_F_TIMEOUT(ptd, storm, 600)
{
	struct pasid_testdev_completion *comp;
	struct storm_slot *slot;
	pid_t pid[STORM_PROCS];
	char *buf, *portal;
	int i, status, fd, zf;

	if (_metadata->skip)
		return;
	slot = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, slot);
	memset(slot, 0, PAGE);
	for (i = 0; i < STORM_PROCS; i++) {
		pid[i] = fork_child();
		ASSERT_LE(0, pid[i]);
		if (pid[i] == 0)
			storm_worker(&slot[i], self->two, self->enqcmd);
	}
	for (i = 0; i < STORM_PROCS; i++) {
		ASSERT_EQ(pid[i], waitpid(pid[i], &status, 0));
		EXPECT_EQ(0, status) TH_LOG("worker %d", i);
		/*
		 * A round's exit code: 1/2 open dev0/dev1, 3 GET_PASID,
		 * 4 two PASIDs, 5 mmap, 6 #GP, 7 ZF=1, 8 completion status
		 */
		EXPECT_EQ(0, slot[i].failed)
			TH_LOG("worker %d: %d of %d rounds failed, first round %d with wait status %#x",
			       i, slot[i].failed, STORM_ROUNDS, slot[i].round,
			       slot[i].status);
	}
	munmap(slot, PAGE);
	EXPECT_EQ(self->baseline, wait_nr_pasids(self->sva, self->baseline))
		TH_LOG("PASIDs not all released after the storm");

	fd = open_dev(0);
	ASSERT_LE(0, fd) TH_LOG("open after the storm: %s", strerror(errno));
	EXPECT_TRUE(pasid_ok(dev_pasid(fd)));
	if (self->enqcmd) {
		portal = map_portal(fd);
		ASSERT_NE(NULL, portal);
		comp = (void *)touched(PAGE, 0);
		buf = touched(PAGE, 0);
		ASSERT_NE(NULL, comp);
		ASSERT_NE(NULL, buf);
		zf = submit(portal, PASID_TESTDEV_OP_FILL, NULL, buf, PAGE,
			    0x77, comp);
		EXPECT_EQ(0, zf) TH_LOG("FILL after the storm: %s", zf_str(zf));
		EXPECT_EQ(PASID_TESTDEV_STATUS_SUCCESS, comp->status);
		EXPECT_EQ(0x77, buf[PAGE - 1]);
		munmap(buf, PAGE);
		munmap(comp, PAGE);
		munmap(portal, PASID_TESTDEV_PORTAL_SIZE);
	}
	close(fd);
	if (!self->enqcmd)
		SKIP_REST("binds only: the kernel has not enabled ENQCMD");
}

/* Fault injection in the bind path */

/* Arm fail-nth for the next call: 0 or -1 */
static int arm_nth(int nth, unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	return write(nth, buf, len) == len ? 0 : -1;
}

/* Disarm: what was left of the count (0: the fault was injected) */
static unsigned int disarm_nth(int nth)
{
	char buf[16] = "";
	unsigned int left;

	left = pread(nth, buf, sizeof(buf) - 1, 0) > 0 ?
		strtoul(buf, NULL, 10) : UINT_MAX;
	if (write(nth, "0", 1) != 1)
		left = UINT_MAX;
	return left;
}

/* (a) An mm that has its PASID: a failed bind changes nothing */
static void fail_nth_has_pasid(struct __test_metadata *_metadata,
			       FIXTURE_DATA(ptd) *self)
{
	unsigned int n, left, before, failed = 0;
	bool done = false;
	__u32 pasid;
	int nth, fd, err;

	nth = open(FAIL_NTH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, nth) TH_LOG("%s: %s", FAIL_NTH, strerror(errno));
	pasid = sva_alloc(self->sva);
	ASSERT_TRUE(pasid_ok(pasid)) TH_LOG("ALLOC: %#x", pasid);
	before = nr_pasids(self->sva);
	for (n = 1; n <= MAX_FAIL_NTH && !done && _metadata->passed; n++) {
		ASSERT_EQ(0, arm_nth(nth, n));
		fd = open_dev(0);
		err = errno;
		left = disarm_nth(nth);
		ASSERT_NE(UINT_MAX, left) TH_LOG("fail-nth %u: reading it back", n);
		if (fd < 0) {
			failed++;
			EXPECT_NE(0, err);
			EXPECT_EQ(0, left)
				TH_LOG("fail-nth %u: open failed (%s) without the injected fault",
				       n, strerror(err));
		} else {
			EXPECT_EQ(pasid, dev_pasid(fd)) TH_LOG("fail-nth %u", n);
			close(fd);
			done = left > 0;
		}
		EXPECT_EQ(pasid, mm_pasid(self->sva))
			TH_LOG("fail-nth %u: open %s", n, fd < 0 ? strerror(err) : "worked");
		EXPECT_TRUE(pasid_allocated(self->sva, pasid)) TH_LOG("fail-nth %u", n);
		EXPECT_EQ(before, nr_pasids(self->sva)) TH_LOG("fail-nth %u", n);
	}
	EXPECT_TRUE(done || !_metadata->passed)
		TH_LOG("open still reached the injected fault at fail-nth %d", MAX_FAIL_NTH);
	EXPECT_LT(0, failed) TH_LOG("no open failed: the sweep tested nothing");
	close(nth);
}

struct nth_result {
	int setup_err;		/* errno of a step around the open, or 0 */
	__u32 before;		/* mm_pasid before the open */
	int fd;			/* the open's result */
	int err;		/* its errno */
	unsigned int left;	/* fail-nth read back */
	__u32 mm_pasid;		/* after the open */
	bool allocated;		/* mm_pasid is allocated */
	unsigned int nr;	/* nr_pasids after the open */
	__u32 pasid;		/* GET_PASID, if the open worked */
	unsigned int nr_closed;	/* nr_pasids after its close */
};

/* In a fresh process: arm, open, look around */
static void fail_nth_fresh(struct nth_result *res, int sva, unsigned int n)
{
	int nth;

	memset(res, 0, sizeof(*res));
	res->before = mm_pasid(sva);
	nth = open(FAIL_NTH, O_RDWR | O_CLOEXEC);
	if (nth < 0 || arm_nth(nth, n)) {
		res->setup_err = errno;
		return;
	}
	res->fd = open_dev(0);
	res->err = errno;
	res->left = disarm_nth(nth);
	res->mm_pasid = mm_pasid(sva);
	res->allocated = res->mm_pasid != INVALID &&
			 pasid_allocated(sva, res->mm_pasid);
	res->nr = nr_pasids(sva);
	if (res->fd >= 0) {
		res->pasid = dev_pasid(res->fd);
		close(res->fd);
		res->nr_closed = nr_pasids(sva);
	}
}

/*
 * (b) Fresh mms, a new process for each n: a failed first bind leaves
 * nothing half done. Run in a child of the test process (its ASSERTs must
 * not skip the restore of the failslab settings).
 */
static void fail_nth_sweep_fresh(struct __test_metadata *_metadata,
				 FIXTURE_DATA(ptd) *self)
{
	unsigned int n, base = self->baseline, failed = 0;
	struct nth_result *res;
	bool done = false;
	int status;
	pid_t pid;

	res = mmap(NULL, sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, res);
	for (n = 1; n <= MAX_FAIL_NTH && !done && _metadata->passed; n++) {
		pid = fork_child();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			fail_nth_fresh(res, self->sva, n);
			_exit(0);
		}
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_EQ(0, status);
		ASSERT_EQ(0, res->setup_err)
			TH_LOG("fail-nth %u: %s", n, strerror(res->setup_err));
		ASSERT_EQ(INVALID, res->before) TH_LOG("the fresh child had a PASID");
		if (res->fd < 0) {
			failed++;
			EXPECT_NE(0, res->err);
			EXPECT_EQ(0, res->left)
				TH_LOG("fail-nth %u: open failed (%s) without the injected fault",
				       n, strerror(res->err));
			/* a failed bind may leave the mm its PASID, for good */
			if (res->mm_pasid != INVALID)
				EXPECT_TRUE(res->allocated)
					TH_LOG("fail-nth %u: mm_pasid %u not allocated",
					       n, res->mm_pasid);
			EXPECT_GE(1, (int)(res->nr - base))
				TH_LOG("fail-nth %u: %s: nr_pasids %u, baseline %u",
				       n, strerror(res->err), res->nr, base);
		} else {
			EXPECT_TRUE(pasid_ok(res->pasid))
				TH_LOG("fail-nth %u: GET_PASID %#x", n, res->pasid);
			EXPECT_EQ(res->mm_pasid, res->pasid) TH_LOG("fail-nth %u", n);
			EXPECT_GE(1, (int)(res->nr_closed - base))
				TH_LOG("fail-nth %u: nr_pasids %u after close, baseline %u",
				       n, res->nr_closed, base);
			done = res->left > 0;
		}
		EXPECT_EQ(base, wait_nr_pasids(self->sva, base))
			TH_LOG("fail-nth %u: the child's PASID was not released", n);
	}
	EXPECT_TRUE(done || !_metadata->passed)
		TH_LOG("open still reached the injected fault at fail-nth %d", MAX_FAIL_NTH);
	EXPECT_LT(0, failed) TH_LOG("no open failed: the sweep tested nothing");
	munmap(res, sizeof(*res));
}

/*
 * Fail each fault-injection point that open() reaches in turn (fail-nth
 * = 1, 2, ...) until an open works without reaching it: every failure is
 * clean, for an mm that has its PASID and for a fresh one.
 */
TEST_F_TIMEOUT(ptd, bind_fail_nth, 300)
{
	char old_wait[16], old_verbose[16];

	if (_metadata->skip)
		return;
	if (access(FAIL_NTH, R_OK | W_OK))
		SKIP(return, "no %s (needs CONFIG_FAULT_INJECTION)", FAIL_NTH);
	if (read_text(FAILSLAB "/ignore-gfp-wait", old_wait, sizeof(old_wait)) ||
	    read_text(FAILSLAB "/verbose", old_verbose, sizeof(old_verbose)))
		SKIP(return, "no %s (needs CONFIG_FAILSLAB and CONFIG_FAULT_INJECTION_DEBUG_FS)",
		     FAILSLAB);
	/*
	 * From here on no ASSERT in this process: the settings must be
	 * restored. GFP_KERNEL allocations may fail too; no stack dumps on
	 * the console (a splat for the boot test).
	 */
	EXPECT_EQ(0, write_text(FAILSLAB "/ignore-gfp-wait", "N"));
	EXPECT_EQ(0, write_text(FAILSLAB "/verbose", "0"));
	if (_metadata->passed)
		run_in_child(_metadata, self, fail_nth_has_pasid);
	if (_metadata->passed)
		EXPECT_EQ(self->baseline, wait_nr_pasids(self->sva, self->baseline));
	if (_metadata->passed)
		run_in_child(_metadata, self, fail_nth_sweep_fresh);
	write_text(FAILSLAB "/ignore-gfp-wait", old_wait);
	write_text(FAILSLAB "/verbose", old_verbose);
}

TEST_HARNESS_MAIN

#else

int main(void)
{
	ksft_print_header();
	return ksft_exit_skip("ENQCMD and pasid-testdev are x86-64 only\n");
}

#endif
