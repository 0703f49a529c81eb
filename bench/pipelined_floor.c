/*
 * pipelined_floor: the least a program can do to read every PCI node device
 * of a libvirt host over a slow link -- the floor `vpt list` is measured
 * against through bench/latency_proxy.py.
 *
 *     pipelined_floor [--all] URI [WINDOW]
 *
 * As raw_floor (one read-only connection, one
 * virConnectListAllNodeDevices(VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV)
 * call, one virNodeDeviceGetXMLDesc per device, nothing parsed), but with
 * WINDOW calls (default 64) kept in flight: WINDOW threads share the one
 * connection, each taking the next device as soon as its last reply came.
 * libvirt's RPC client multiplexes their calls on the connection's socket, so
 * a round trip is paid once per WINDOW devices instead of once per device.
 * With --all, the same for everything `vpt list` reads, so that what is left
 * of vpt's time above it is vpt's own: the listings of PCI and net node
 * devices, guests and networks, sent at once, then in the one window the XML
 * of every PCI and net device, every guest (and the inactive XML of a running
 * persistent one) and every network; and keepalive on, as vpt has it (an
 * event loop thread, which costs the connection one round trip more when it
 * opens). DEVICES then counts every description read.
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

/* One description to read: a node device's, a guest's (flags: live or
 * inactive) or a network's. */
struct item {
    virNodeDevicePtr device;
    virDomainPtr domain;
    unsigned int domain_flags;
    virNetworkPtr network;
};

struct shared {
    struct item *items;
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
        const struct item *it = &s->items[i];
        char *xml = it->device    ? virNodeDeviceGetXMLDesc(it->device, 0)
                    : it->domain  ? virDomainGetXMLDesc(it->domain, it->domain_flags)
                                  : virNetworkGetXMLDesc(it->network, 0);
        if (xml) {
            atomic_fetch_add(&s->bytes, strlen(xml));
            free(xml);
            continue;
        }
        virErrorPtr error = virGetLastError();
        pthread_mutex_lock(&s->lock);
        if (!atomic_exchange(&s->failed, 1))
            snprintf(s->message, sizeof s->message, "description %d: %s", i,
                     error && error->message ? error->message : "unknown libvirt error");
        pthread_mutex_unlock(&s->lock);
        return NULL;
    }
}

/* The listings --all sends at once, each on a thread of its own. */
struct listings {
    virConnectPtr conn;
    virNodeDevicePtr *pci, *nets;
    virDomainPtr *domains, *running_persistent;
    virNetworkPtr *networks;
    int n_pci, n_nets, n_domains, n_running_persistent, n_networks;
};

static void *list_pci(void *arg)
{
    struct listings *l = arg;
    l->n_pci = virConnectListAllNodeDevices(l->conn, &l->pci, VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV);
    return NULL;
}
static void *list_nets(void *arg)
{
    struct listings *l = arg;
    l->n_nets = virConnectListAllNodeDevices(l->conn, &l->nets, VIR_CONNECT_LIST_NODE_DEVICES_CAP_NET);
    return NULL;
}
static void *list_domains(void *arg)
{
    struct listings *l = arg;
    l->n_domains = virConnectListAllDomains(l->conn, &l->domains, 0);
    return NULL;
}
/* filtered by libvirt, as vpt lists them: no call per guest to ask its state */
static void *list_running_persistent(void *arg)
{
    struct listings *l = arg;
    l->n_running_persistent = virConnectListAllDomains(
        l->conn, &l->running_persistent, VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_PERSISTENT);
    return NULL;
}
static void *list_networks(void *arg)
{
    struct listings *l = arg;
    l->n_networks = virConnectListAllNetworks(l->conn, &l->networks, 0);
    return NULL;
}

static void *event_loop(void *arg)
{
    (void)arg;
    for (;;)
        virEventRunDefaultImpl();
    return NULL;
}

/* Everything `vpt list` describes, as items; the count, or -1. */
static int list_everything(virConnectPtr conn, struct item **out)
{
    struct listings l = {.conn = conn};
    void *(*listers[])(void *) = {list_pci, list_nets, list_domains, list_running_persistent, list_networks};
    enum { N_LISTERS = sizeof listers / sizeof listers[0] };
    pthread_t ids[N_LISTERS];
    for (int i = 0; i < N_LISTERS; i++)
        if (pthread_create(&ids[i], NULL, listers[i], &l) != 0)
            return -1;
    for (int i = 0; i < N_LISTERS; i++)
        pthread_join(ids[i], NULL);
    if (l.n_pci < 0 || l.n_nets < 0 || l.n_domains < 0 || l.n_running_persistent < 0 || l.n_networks < 0)
        return -1;
    int n = l.n_pci + l.n_nets + l.n_domains + l.n_running_persistent + l.n_networks, k = 0;
    struct item *items = calloc(n > 0 ? n : 1, sizeof *items);
    for (int i = 0; i < l.n_pci; i++)
        items[k++].device = l.pci[i];
    for (int i = 0; i < l.n_nets; i++)
        items[k++].device = l.nets[i];
    for (int i = 0; i < l.n_domains; i++)
        items[k++].domain = l.domains[i];
    for (int i = 0; i < l.n_running_persistent; i++) {
        items[k].domain = l.running_persistent[i];
        items[k++].domain_flags = VIR_DOMAIN_XML_INACTIVE;
    }
    for (int i = 0; i < l.n_networks; i++)
        items[k++].network = l.networks[i];
    free(l.pci);
    free(l.nets);
    free(l.domains);
    free(l.running_persistent);
    free(l.networks);
    *out = items;
    return k;
}

/* The PCI node devices alone, as items; the count, or -1. */
static int list_pci_devices(virConnectPtr conn, struct item **out)
{
    virNodeDevicePtr *devices = NULL;
    int n = virConnectListAllNodeDevices(conn, &devices, VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV);
    if (n < 0)
        return -1;
    struct item *items = calloc(n > 0 ? n : 1, sizeof *items);
    for (int i = 0; i < n; i++)
        items[i].device = devices[i];
    free(devices);
    *out = items;
    return n;
}

int main(int argc, char **argv)
{
    int all = argc > 1 && strcmp(argv[1], "--all") == 0;
    argc -= all;
    argv += all;
    char *end = NULL;
    long window = argc == 3 ? strtol(argv[2], &end, 10) : 64;
    if (argc < 2 || argc > 3 || (end && *end) || window < 1 || window > 1024) {
        fprintf(stderr, "usage: pipelined_floor [--all] URI [WINDOW (1-1024, default 64)]\n");
        return 2;
    }
    virSetErrorFunc(NULL, quiet);
    if (all) {
        /* keepalive needs an event loop from before the connection opens */
        pthread_t loop;
        if (virEventRegisterDefaultImpl() < 0 || pthread_create(&loop, NULL, event_loop, NULL) != 0) {
            fprintf(stderr, "pipelined_floor: cannot start an event loop\n");
            return 1;
        }
        pthread_detach(loop);
    }

    virConnectPtr conn = virConnectOpenReadOnly(argv[1]);
    if (!conn) {
        virErrorPtr error = virGetLastError();
        fprintf(stderr, "pipelined_floor: cannot connect: %s\n",
                error && error->message ? error->message : "unknown libvirt error");
        return 1;
    }
    /* in-process drivers have no keepalive (nor does vpt ask for it there) */
    if (all && virConnectSetKeepAlive(conn, 5, 3) < 0)
        virResetLastError();

    struct shared s = {.lock = PTHREAD_MUTEX_INITIALIZER};
    s.count = all ? list_everything(conn, &s.items) : list_pci_devices(conn, &s.items);
    if (s.count < 0) {
        virErrorPtr error = virGetLastError();
        fprintf(stderr, "pipelined_floor: cannot list: %s\n",
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

    for (int i = 0; i < s.count; i++) {
        const struct item *it = &s.items[i];
        if (it->device)
            virNodeDeviceFree(it->device);
        else if (it->network)
            virNetworkFree(it->network);
        else
            virDomainFree(it->domain);
    }
    free(s.items);
    virConnectClose(conn);
    if (atomic_load(&s.failed)) {
        fprintf(stderr, "pipelined_floor: %s\n", s.message);
        return 1;
    }
    printf("%d %zu\n", s.count, (size_t)atomic_load(&s.bytes));
    return 0;
}
