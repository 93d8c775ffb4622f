/* timeit.c: wall time of a command, run repeatedly, for the muster benchmark.
 *
 *   timeit REPS WARMUP COMMAND [ARG...]
 *
 * Runs COMMAND WARMUP times untimed, then REPS times timed (stdout to
 * /dev/null, stderr kept), and prints one line:
 *   median_ms best_ms worst_ms
 * Exits 1 if any run fails. No shell and no `date` process between the
 * clock readings, so a few-millisecond command is measured fairly. */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
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

static int run(char **argv)
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
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: timeit REPS WARMUP COMMAND [ARG...]\n");
		return 2;
	}
	int reps = atoi(argv[1]), warm = atoi(argv[2]);
	if (reps < 1 || warm < 0) {
		fprintf(stderr, "timeit: bad REPS or WARMUP\n");
		return 2;
	}
	double *t = calloc((size_t)reps, sizeof *t);
	for (int i = 0; i < warm; i++)
		if (run(argv + 3) < 0) {
			fprintf(stderr, "timeit: %s failed\n", argv[3]);
			return 1;
		}
	for (int i = 0; i < reps; i++) {
		double t0 = now_ms();
		if (run(argv + 3) < 0) {
			fprintf(stderr, "timeit: %s failed\n", argv[3]);
			return 1;
		}
		t[i] = now_ms() - t0;
	}
	qsort(t, (size_t)reps, sizeof *t, cmp);
	double med = reps % 2 ? t[reps / 2] : (t[reps / 2 - 1] + t[reps / 2]) / 2;
	printf("%.2f %.2f %.2f\n", med, t[0], t[reps - 1]);
	free(t);
	return 0;
}
