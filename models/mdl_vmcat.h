/*
 * mdl_vmcat.h - the bundled Azure VM size catalogue (offline, compiled in).
 *
 * Read by right-sizing to know what a size holds (vCPUs, memory, premium
 * storage, accelerated networking, burstable baseline) and which sizes a VM
 * could move to. Static data: nothing to free.
 */
#ifndef YOSAN_MDL_VMCAT_H
#define YOSAN_MDL_VMCAT_H

#include <stddef.h>

/* Where a size's network bandwidth comes from (docs/rightsize.md, "Network bandwidth"). */
enum vmcat_net_src {
    VMCAT_NET_DOC = 0, /* the size's own Microsoft Learn page ("Max Bandwidth (Mbps)") */
    VMCAT_NET_TWIN, /* no page of its own: the figure of its "s" twin (Dv6 <- Dsv6, Ev6 <- Esv6) */
    VMCAT_NET_EST,  /* no documented figure (Bv1 pages leave it blank): 125 Mbit/s per vCPU,
                       an estimate */
};

struct vm_size {
    const char *name;    /* ARM size name, e.g. "Standard_D4s_v5" */
    const char *family;  /* series, e.g. "Dsv5", "Bv1", "Fsv2" */
    int vcpus;           /* virtual CPUs */
    double mem_gib;      /* memory in GiB */
    int premium_storage; /* 1 when Premium SSD can be attached */
    int accel_net;       /* 1 when accelerated networking is supported */
    double base_cpu_pct; /* B-series baseline as % of the whole VM (Percentage CPU scale); 0 = not
                            burstable */
    int legacy;          /* 1 = recognised as a current size but never recommended (v2/v3) */
    int verified;        /* 1 = vCPU/memory checked against the Microsoft Learn size pages */
    int net_mbps;        /* expected network bandwidth, Mbit/s (all NICs, all destinations) */
    enum vmcat_net_src net_src; /* where net_mbps comes from */
};

/* The whole catalogue, sorted by family then vCPUs; *n receives the count. */
const struct vm_size *mdl_vmcat_all(size_t *n);

/* A size by ARM name, case-insensitive, with or without the "Standard_"
 * prefix ("standard_d4s_v5", "D4s_v5"). NULL when unknown. */
const struct vm_size *mdl_vmcat_find(const char *name);

/* Name of a bandwidth source for reasons and docs: "documented", "twin estimate", "estimate". */
const char *mdl_vmcat_net_src_name(enum vmcat_net_src s);

#endif
