/* pq.h: libpq's functions, loaded on first use (pq_dl.c) so that no command
 * but those given --log needs libpq5. Call pq_load_or_err before pq.X. */
#ifndef MUSTER_PQ_H
#define MUSTER_PQ_H

#include <libpq-fe.h>

#include "../core/err.h"

struct pq_api {
	__typeof__(&PQconnectdb) connectdb;
	__typeof__(&PQstatus) status;
	__typeof__(&PQerrorMessage) errorMessage;
	__typeof__(&PQfinish) finish;
	__typeof__(&PQexec) exec;
	__typeof__(&PQexecParams) execParams;
	__typeof__(&PQresultStatus) resultStatus;
	__typeof__(&PQresultErrorMessage) resultErrorMessage;
	__typeof__(&PQclear) clear;
	__typeof__(&PQntuples) ntuples;
	__typeof__(&PQgetvalue) getvalue;
	__typeof__(&PQputCopyData) putCopyData;
	__typeof__(&PQputCopyEnd) putCopyEnd;
	__typeof__(&PQgetResult) getResult;
	__typeof__(&PQsetNoticeProcessor) setNoticeProcessor;
	__typeof__(&PQtransactionStatus) transactionStatus;
};
extern struct pq_api pq;

/* Loads libpq.so.5 once per process (thread-safe). */
int pq_load_or_err(struct err *e);

#endif
