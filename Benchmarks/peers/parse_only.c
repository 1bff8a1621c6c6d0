// The parse-only baseline for Benchmarks/peers: splits every field of a CSV batch and parses every
// number (to a ×10⁶ fixed-point integer, as Fazhi does), every date and every verdict, without
// scoring. Threads take newline-aligned byte ranges, each with its own 4 MB buffer (pread).
// Build: cc -O2 -pthread -o parse_only parse_only.c. Usage: parse_only FILE [THREADS].
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fd;
static long long size, data_start;

// Padded to a cache line each: the threads' results sit side by side in one array.
typedef struct { long long from, to; long long fields, sum; char pad[32]; } job;

static long long first_record(long long at) {
    if (at <= data_start) return data_start;
    char c[4096];
    for (long long p = at - 1; p < size;) {
        ssize_t n = pread(fd, c, sizeof c, p);
        if (n <= 0) break;
        for (ssize_t i = 0; i < n; i++) if (c[i] == '\n') return p + i + 1;
        p += n;
    }
    return size;
}

static void *run(void *arg) {
    job *j = arg;
    size_t cap = 4 << 20;
    char *buf = malloc(cap + 1);
    long long pos = j->from;
    // Counted in locals, stored once at the end: through `j` the compiler must store on every field
    // (a char buffer may alias anything), and two threads storing to one cache line slow each other.
    long long fields = 0, sum = 0;
    while (pos < j->to) {
        ssize_t n = pread(fd, buf, cap, pos);
        if (n <= 0) break;
        ssize_t end = n;
        if (pos + n < size) { while (end > 0 && buf[end - 1] != '\n') end--; }
        if (pos + end > j->to) { // stop at the record that ends at or after `to`
            ssize_t e = j->to - pos;
            while (e < end && buf[e - 1] != '\n') e++;
            end = e;
        }
        for (ssize_t i = 0; i < end;) {
            ssize_t s = i;
            while (i < end && buf[i] != ',' && buf[i] != '\n') i++;
            const char *f = buf + s;
            ssize_t len = i - s;
            fields++;
            if (len > 0) {
                if (len == 10 && f[4] == '-' && f[7] == '-') {
                    int y = (f[0]-48)*1000 + (f[1]-48)*100 + (f[2]-48)*10 + (f[3]-48);
                    int m = (f[5]-48)*10 + (f[6]-48), d = (f[8]-48)*10 + (f[9]-48);
                    sum += y * 372 + m * 31 + d;
                } else if (f[0] >= '0' && f[0] <= '9') {
                    int64_t whole = 0, frac = 0; int places = 0, k = 0;
                    while (k < len && f[k] >= '0' && f[k] <= '9') whole = whole * 10 + (f[k++] - '0');
                    if (k < len && f[k] == '.') { k++; while (k < len && f[k] >= '0' && f[k] <= '9' && places < 6) { frac = frac * 10 + (f[k++] - '0'); places++; } }
                    while (places++ < 6) frac *= 10;
                    sum += whole * 1000000 + frac;
                } else {
                    sum += (f[0] == 'm') ? 2 : (f[0] == 'p') ? 1 : 0;
                }
            }
            i++;
        }
        pos += end;
        if (end == 0) break;
    }
    free(buf);
    j->fields = fields;
    j->sum = sum;
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: parse_only FILE [THREADS]\n"); return 2; }
    int threads = argc > 2 ? atoi(argv[2]) : 2;
    fd = open(argv[1], O_RDONLY);
    struct stat st; fstat(fd, &st); size = st.st_size;
    char h[1 << 16]; ssize_t n = pread(fd, h, sizeof h, 0);
    for (ssize_t i = 0; i < n; i++) if (h[i] == '\n') { data_start = i + 1; break; }
    job jobs[64]; pthread_t t[64];
    long long part = (size - data_start + threads - 1) / threads;
    for (int k = 0; k < threads; k++) {
        jobs[k] = (job){ first_record(data_start + k * part), first_record(data_start + (k + 1) * part), 0, 0, {0} };
        if (k == threads - 1) jobs[k].to = size;
        pthread_create(&t[k], NULL, run, &jobs[k]);
    }
    long long fields = 0, sum = 0;
    for (int k = 0; k < threads; k++) { pthread_join(t[k], NULL); fields += jobs[k].fields; sum += jobs[k].sum; }
    printf("%lld fields, checksum %lld\n", fields, sum);
    return 0;
}
