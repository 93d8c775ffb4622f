/* timeit.c: wall time of commands, run repeatedly, for the muster benchmark.
 *
 *   timeit REPS WARMUP COMMAND [ARG...] [-- COMMAND [ARG...]]...
 *
 * Runs each COMMAND WARMUP times untimed, then REPS times timed (stdout to
 * /dev/null, stderr kept), and prints one line per command, in order:
 *   median_ms best_ms worst_ms
 * Several commands take turns, one run each per round, so that whatever
 * else the machine does meanwhile (writing back a file just imported, say)
 * falls on all of them alike and their ratio stays fair.
 * Exits 1 if any run fails. No shell and no `date` process between the
 * clock readings, so a few-millisecond command is measured fairly.
 * With TIMEIT_CPU=1 in the environment each line also gives the processor
 * time (user + system, from wait4) of the runs: median_cpu_ms best_cpu_ms,
 * which a busy machine stretches far less than the wall time. */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Runs argv to its end; its processor time in ms into *cpu. */
static int run(char **argv, double *cpu)
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return -1;
	int st;
	struct rusage ru;
	if (wait4(pid, &st, 0, &ru) < 0)
		return -1;
	*cpu = ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 + ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *t, int n)
{
	qsort(t, (size_t)n, sizeof *t, cmp);
	return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

#define MAX_CMDS 16

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: timeit REPS WARMUP COMMAND [ARG...] [-- COMMAND [ARG...]]...\n");
		return 2;
	}
	int reps = atoi(argv[1]), warm = atoi(argv[2]);
	if (reps < 1 || warm < 0) {
		fprintf(stderr, "timeit: bad REPS or WARMUP\n");
		return 2;
	}
	/* Split the rest at each "--" into NULL-terminated argument vectors. */
	char **cmd[MAX_CMDS];
	int n = 0;
	cmd[n++] = argv + 3;
	for (int i = 3; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			argv[i] = NULL;
			if (n == MAX_CMDS || i + 1 == argc || !strcmp(argv[i + 1], "--")) {
				fprintf(stderr, "timeit: an empty command, or more than %d\n", MAX_CMDS);
				return 2;
			}
			cmd[n++] = argv + i + 1;
		}
	double *t = calloc((size_t)reps * (size_t)n, sizeof *t), *u = calloc((size_t)reps * (size_t)n, sizeof *u), cpu;
	const char *want_cpu = getenv("TIMEIT_CPU");
	for (int i = 0; i < warm; i++)
		for (int c = 0; c < n; c++)
			if (run(cmd[c], &cpu) < 0) {
				fprintf(stderr, "timeit: %s failed\n", cmd[c][0]);
				return 1;
			}
	for (int i = 0; i < reps; i++)
		for (int c = 0; c < n; c++) {
			double t0 = now_ms();
			if (run(cmd[c], &cpu) < 0) {
				fprintf(stderr, "timeit: %s failed\n", cmd[c][0]);
				return 1;
			}
			t[c * reps + i] = now_ms() - t0;
			u[c * reps + i] = cpu;
		}
	for (int c = 0; c < n; c++) {
		double *tc = t + c * reps;
		double med = median(tc, reps);
		if (want_cpu && !strcmp(want_cpu, "1")) {
			double *uc = u + c * reps, umed = median(uc, reps);
			printf("%.2f %.2f %.2f %.2f %.2f\n", med, tc[0], tc[reps - 1], umed, uc[0]);
		} else {
			printf("%.2f %.2f %.2f\n", med, tc[0], tc[reps - 1]);
		}
	}
	free(t);
	free(u);
	return 0;
}
