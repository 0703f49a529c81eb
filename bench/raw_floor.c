/*
 * raw_floor: the least a program can do to read every PCI node device of a
 * libvirt host -- the floor `vpt list` is measured against.
 *
 *     raw_floor URI
 *
 * Opens URI read-only (as `vpt list` does), lists the PCI node devices with
 * one virConnectListAllNodeDevices(VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV)
 * call, and fetches each one's XML with virNodeDeviceGetXMLDesc.  Nothing is
 * parsed; the XML is only counted.  Prints "DEVICES BYTES" on stdout.
 * Exit status: 0 on success, 1 on a libvirt failure, 2 on bad usage.
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what)
{
    virErrorPtr error = virGetLastError();
    fprintf(stderr, "raw_floor: %s: %s\n", what,
            error && error->message ? error->message : "unknown libvirt error");
    return 1;
}

static void quiet(void *opaque, virErrorPtr error)
{
    (void)opaque;
    (void)error;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: raw_floor URI\n");
        return 2;
    }
    virSetErrorFunc(NULL, quiet);

    virConnectPtr conn = virConnectOpenReadOnly(argv[1]);
    if (!conn)
        return fail("cannot connect");

    virNodeDevicePtr *devices = NULL;
    int count = virConnectListAllNodeDevices(conn, &devices,
                                             VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV);
    if (count < 0) {
        int rc = fail("cannot list PCI node devices");
        virConnectClose(conn);
        return rc;
    }

    int rc = 0;
    size_t bytes = 0;
    for (int i = 0; i < count; i++) {
        if (rc == 0) {
            char *xml = virNodeDeviceGetXMLDesc(devices[i], 0);
            if (xml) {
                bytes += strlen(xml);
                free(xml);
            } else {
                rc = fail(virNodeDeviceGetName(devices[i]));
            }
        }
        virNodeDeviceFree(devices[i]);
    }
    free(devices);
    virConnectClose(conn);
    if (rc == 0)
        printf("%d %zu\n", count, bytes);
    return rc;
}
