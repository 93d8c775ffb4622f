/* gen.c: synthetic arrivals and departures for the muster benchmark.
 *
 *   gen [N]       N movement rows (default 1000000) as CSV on stdout
 *   gen --source  the one source record they all cite, as CSV on stdout
 *
 * Deterministic: a fixed seed and our own PRNG (splitmix64), so every run and
 * every machine writes the same bytes. 60 real ISO 3166-1 alpha-3 countries,
 * 8 units each (each unit has one category, so 480 keys), dates spread
 * uniformly over 2005-01-01..2024-12-31, about 85% arrivals, personnel
 * 1..300, and a unique event per row ("r0000001") so no two rows are equal.
 * Departures may take a unit below zero; muster does not forbid it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const countries[] = {
	"ARG", "AUS", "AUT", "BEL", "BEN", "BFA", "BGD", "BRA", "CAN", "CHL",
	"CHN", "CIV", "CMR", "COL", "DEU", "DNK", "EGY", "ESP", "ETH", "FIN",
	"FRA", "GBR", "GHA", "GTM", "IDN", "IND", "IRL", "ITA", "JAM", "JOR",
	"JPN", "KEN", "KOR", "MAR", "MEX", "MNG", "MYS", "NER", "NGA", "NLD",
	"NOR", "NPL", "PAK", "PER", "PHL", "POL", "PRT", "RWA", "SEN", "SLV",
	"SWE", "TCD", "TGO", "TUN", "TUR", "TZA", "UGA", "URY", "USA", "ZAF",
};
#define NCOUNTRY (sizeof countries / sizeof *countries)
#define NUNIT 8
static const char *const unit_names[NUNIT] = {
	"Infantry Battalion 1", "Infantry Battalion 2", "Engineer Company", "Aviation Unit",
	"Formed Police Unit 1", "Formed Police Unit 2", "Civilian Staff", "Headquarters",
};
static const char *const unit_cats[NUNIT] = {
	"military", "military", "military", "military", "police", "police", "civilian", "mixed",
};

static uint64_t rng_state = 0x6d757374657262ULL; /* "musterb" */

static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned below(unsigned n)
{
	return (unsigned)(((rng() >> 32) * n) >> 32);
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static void civil(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--source")) {
		fputs("kind,ref,publisher,title,grade\n"
		      "source,bench-src,Bench generator,Synthetic movements,E\n", stdout);
		return 0;
	}
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
	if (n < 0) {
		fprintf(stderr, "usage: gen [N] | gen --source\n");
		return 2;
	}
	static char buf[1 << 16];
	setvbuf(stdout, buf, _IOFBF, sizeof buf);
	const long first = 12784;   /* 2005-01-01 */
	const long span = 7305;     /* .. 2024-12-31 */
	fputs("kind,mission,date,country,unit,category,personnel,event,sources\n", stdout);
	for (long i = 1; i <= n; i++) {
		unsigned c = below(NCOUNTRY), u = below(NUNIT);
		int y, m, d;
		civil(first + (long)below(span), &y, &m, &d);
		int dep = below(100) < 15;
		unsigned p = 1 + below(300);
		printf("%s,BENCH,%04d-%02d-%02d,%s,%s,%s,%u,r%07ld,bench-src\n",
		       dep ? "departure" : "arrival", y, m, d, countries[c], unit_names[u], unit_cats[u],
		       p, i);
	}
	if (fflush(stdout) != 0) {
		perror("gen");
		return 1;
	}
	return 0;
}
