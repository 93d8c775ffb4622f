/* pq_dl.c: libpq loaded on first use (as sync loads libcurl), so that the
 * plain binary starts without it and runs where libpq5 is not installed. */
#include "pq.h"

#include <pthread.h>

#include "../core/dynlib.h"

struct pq_api pq;
static int loaded;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

int pq_load_or_err(struct err *e)
{
	const struct dynsym syms[] = {
		{"PQconnectdb", (void **)&pq.connectdb},
		{"PQstatus", (void **)&pq.status},
		{"PQerrorMessage", (void **)&pq.errorMessage},
		{"PQfinish", (void **)&pq.finish},
		{"PQexec", (void **)&pq.exec},
		{"PQexecParams", (void **)&pq.execParams},
		{"PQresultStatus", (void **)&pq.resultStatus},
		{"PQresultErrorMessage", (void **)&pq.resultErrorMessage},
		{"PQclear", (void **)&pq.clear},
		{"PQntuples", (void **)&pq.ntuples},
		{"PQgetvalue", (void **)&pq.getvalue},
		{"PQputCopyData", (void **)&pq.putCopyData},
		{"PQputCopyEnd", (void **)&pq.putCopyEnd},
		{"PQgetResult", (void **)&pq.getResult},
		{"PQsetNoticeProcessor", (void **)&pq.setNoticeProcessor},
		{"PQtransactionStatus", (void **)&pq.transactionStatus},
		{NULL, NULL},
	};
	pthread_mutex_lock(&lock);
	int rc = loaded ? 0 : dynlib_load_or_err("libpq.so.5", "libpq5", syms, e);
	if (rc == 0)
		loaded = 1;
	pthread_mutex_unlock(&lock);
	return rc;
}
