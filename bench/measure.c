/* measure.c - run a command once and print what it cost, as GNU time -v
 * would: "WALL_SECONDS CPU_SECONDS MAXRSS_KB EXIT" on stderr's last line.
 *
 * bench/run uses it instead of timing from Python because the peak
 * resident memory that wait4() reports for a child includes what the
 * child had before exec: a child forked from Python starts at ~20 MB,
 * one forked from this program at well under one. Standard output goes
 * to /dev/null; standard error is the command's, then ours.
 *
 *   cc -O2 -o measure bench/measure.c && ./measure stackc check x.stack
 */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: measure COMMAND [ARG...]\n");
		return 64;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		perror("measure: fork");
		return 70;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 1);
		execvp(argv[1], argv + 1);
		perror("measure: exec");
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("measure: wait4");
		return 70;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
		(double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	fprintf(stderr, "\n%.6f %.6f %ld %d\n", wall, cpu, ru.ru_maxrss, code);
	return 0;
}
