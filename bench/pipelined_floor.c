/*
 * pipelined_floor: the least a program can do to read every PCI node device
 * of a libvirt host over a slow link -- the floor `vpt list` is measured
 * against through bench/latency_proxy.py.
 *
 *     pipelined_floor URI [WINDOW]
 *
 * As raw_floor (one read-only connection, one
 * virConnectListAllNodeDevices(VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV)
 * call, one virNodeDeviceGetXMLDesc per device, nothing parsed), but with
 * WINDOW calls (default 64) kept in flight: WINDOW threads share the one
 * connection, each taking the next device as soon as its last reply came.
 * libvirt's RPC client multiplexes their calls on the connection's socket, so
 * a round trip is paid once per WINDOW devices instead of once per device.
 * Prints "DEVICES BYTES" on stdout.
 * Exit status: 0 on success, 1 on a libvirt failure, 2 on bad usage.
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct shared {
    virNodeDevicePtr *devices;
    int count;
    atomic_int next;
    atomic_size_t bytes;
    atomic_int failed;
    pthread_mutex_t lock;
    char message[512]; /* the first failure; libvirt's errors are per thread */
};

static void quiet(void *opaque, virErrorPtr error)
{
    (void)opaque;
    (void)error;
}

static void *reader(void *arg)
{
    struct shared *s = arg;
    for (;;) {
        int i = atomic_fetch_add(&s->next, 1);
        if (i >= s->count || atomic_load(&s->failed))
            return NULL;
        char *xml = virNodeDeviceGetXMLDesc(s->devices[i], 0);
        if (xml) {
            atomic_fetch_add(&s->bytes, strlen(xml));
            free(xml);
            continue;
        }
        virErrorPtr error = virGetLastError();
        pthread_mutex_lock(&s->lock);
        if (!atomic_exchange(&s->failed, 1))
            snprintf(s->message, sizeof s->message, "%s: %s", virNodeDeviceGetName(s->devices[i]),
                     error && error->message ? error->message : "unknown libvirt error");
        pthread_mutex_unlock(&s->lock);
        return NULL;
    }
}

int main(int argc, char **argv)
{
    char *end = NULL;
    long window = argc == 3 ? strtol(argv[2], &end, 10) : 64;
    if (argc < 2 || argc > 3 || (end && *end) || window < 1 || window > 1024) {
        fprintf(stderr, "usage: pipelined_floor URI [WINDOW (1-1024, default 64)]\n");
        return 2;
    }
    virSetErrorFunc(NULL, quiet);

    virConnectPtr conn = virConnectOpenReadOnly(argv[1]);
    if (!conn) {
        virErrorPtr error = virGetLastError();
        fprintf(stderr, "pipelined_floor: cannot connect: %s\n",
                error && error->message ? error->message : "unknown libvirt error");
        return 1;
    }

    struct shared s = {.lock = PTHREAD_MUTEX_INITIALIZER};
    s.count = virConnectListAllNodeDevices(conn, &s.devices, VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV);
    if (s.count < 0) {
        virErrorPtr error = virGetLastError();
        fprintf(stderr, "pipelined_floor: cannot list PCI node devices: %s\n",
                error && error->message ? error->message : "unknown libvirt error");
        virConnectClose(conn);
        return 1;
    }

    int threads = window < s.count ? (int)window : s.count;
    pthread_t *ids = calloc(threads > 0 ? threads : 1, sizeof *ids);
    int started = 0;
    for (; started < threads; started++)
        if (pthread_create(&ids[started], NULL, reader, &s) != 0)
            break;
    if (started == 0 && s.count > 0) {
        fprintf(stderr, "pipelined_floor: cannot start a thread\n");
        return 1;
    }
    for (int t = 0; t < started; t++)
        pthread_join(ids[t], NULL);
    free(ids);

    for (int i = 0; i < s.count; i++)
        virNodeDeviceFree(s.devices[i]);
    free(s.devices);
    virConnectClose(conn);
    if (atomic_load(&s.failed)) {
        fprintf(stderr, "pipelined_floor: %s\n", s.message);
        return 1;
    }
    printf("%d %zu\n", s.count, (size_t)atomic_load(&s.bytes));
    return 0;
}
