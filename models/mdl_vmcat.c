/*
 * mdl_vmcat.c - the bundled VM size table (see mdl_vmcat.h).
 *
 * Source: Microsoft Learn, "Sizes for virtual machines in Azure", series
 * pages under articles/virtual-machines/sizes/ (B, Dv4/Dsv4, Dv5/Dsv5,
 * Dv6/Dsv6, Ev4/Esv4, Ev5/Esv5, Ev6/Esv6, Fsv2; legacy Dv2/DSv2, Dv3/Dsv3,
 * Ev3/Esv3), as summarised on 2026-11-26. Rows with verified = 1 were
 * checked one by one against those pages' size tables; the others follow
 * the documented per-series pattern (Dv4-v6 4 GiB/vCPU, Ev4-v6 8 GiB/vCPU
 * with the documented caps E64v4 504, E96v5 672, E96v6 768, E128v6 1024;
 * Fsv2 2 GiB/vCPU; non-"s" twins equal to their "s" sizes) and were not
 * re-read one by one. B-series baselines are the documented "base CPU
 * performance of VM" divided by vCPUs (so B2s 40% of one core = 20% on the
 * Percentage CPU scale). There is no F..._v2 without "s": the Fv2 series is
 * Fsv2 only. Dv6/Ev6 need NVMe and Gen2 images; yosan does not check that.
 * Prefer the Resource SKUs API when online; this table is the offline fallback.
 *
 * Network bandwidth (net_mbps): the "Max Bandwidth (Mbps)" column of each
 * series' Microsoft Learn page ("expected network bandwidth ... across all
 * NICs, for all destinations"), read on 2026-12-03 from the stored
 * MicrosoftDocs/azure-docs source of these pages:
 *   https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/
 *     dv2-series, dsv2-series, dv3-series, dsv3-series, dv4-series,
 *     dsv4-series, dv5-series, dsv5-series, dsv6-series (ms.date 2024-07-29)
 *   https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/
 *     ev4-series, esv4-series, ev5-series, esv5-series, esv6-series (2024-08-01)
 *   https://learn.microsoft.com/azure/virtual-machines/sizes/compute-optimized/
 *     fsv2-series (2024-07-30)
 *   https://learn.microsoft.com/azure/virtual-machines/ev3-esv3-series (2020-02-03)
 * Dv6/Ev6 have no page of their own (VMCAT_NET_TWIN: the Dsv6/Esv6 figure);
 * the Bv1 page leaves the column blank (VMCAT_NET_EST: 125 Mbit/s per vCPU,
 * the old estimate). The current Dv3/Dsv3 page gives D8(s)_v3 and D16(s)_v3
 * 2,000 Mbit/s where the 2020 dv3-dsv3-series page gave 4,000 and 8,000; the
 * current page is used. Details and the full table: docs/rightsize.md.
 */
#include "mdl_vmcat.h"

#include <string.h>
#include <strings.h>

/* name, family, vcpus, mem GiB, premium, accel net, base cpu %, legacy, verified,
 * network Mbit/s, where that figure comes from */
static const struct vm_size catalogue[] = {
    {"Standard_B1ls", "Bv1", 1, 0.5, 1, 0, 5, 0, 1, 125, VMCAT_NET_EST},
    {"Standard_B1s", "Bv1", 1, 1, 1, 0, 10, 0, 1, 125, VMCAT_NET_EST},
    {"Standard_B1ms", "Bv1", 1, 2, 1, 0, 20, 0, 1, 125, VMCAT_NET_EST},
    {"Standard_B2s", "Bv1", 2, 4, 1, 0, 20, 0, 1, 250, VMCAT_NET_EST},
    {"Standard_B2ms", "Bv1", 2, 8, 1, 0, 30, 0, 1, 250, VMCAT_NET_EST},
    {"Standard_B4ms", "Bv1", 4, 16, 1, 0, 22.5, 0, 1, 500, VMCAT_NET_EST},
    {"Standard_B8ms", "Bv1", 8, 32, 1, 0, 17, 0, 1, 1000, VMCAT_NET_EST},
    {"Standard_B12ms", "Bv1", 12, 48, 1, 0, 17, 0, 1, 1500, VMCAT_NET_EST},
    {"Standard_B16ms", "Bv1", 16, 64, 1, 0, 17, 0, 1, 2000, VMCAT_NET_EST},
    {"Standard_B20ms", "Bv1", 20, 80, 1, 0, 17, 0, 1, 2500, VMCAT_NET_EST},
    {"Standard_DS1_v2", "DSv2", 1, 3.5, 1, 0, 0, 1, 1, 750, VMCAT_NET_DOC},
    {"Standard_D1_v2", "Dv2", 1, 3.5, 0, 0, 0, 1, 0, 750, VMCAT_NET_DOC},
    {"Standard_DS2_v2", "DSv2", 2, 7, 1, 1, 0, 1, 1, 1500, VMCAT_NET_DOC},
    {"Standard_D2_v2", "Dv2", 2, 7, 0, 1, 0, 1, 0, 1500, VMCAT_NET_DOC},
    {"Standard_DS3_v2", "DSv2", 4, 14, 1, 1, 0, 1, 1, 3000, VMCAT_NET_DOC},
    {"Standard_D3_v2", "Dv2", 4, 14, 0, 1, 0, 1, 0, 3000, VMCAT_NET_DOC},
    {"Standard_DS4_v2", "DSv2", 8, 28, 1, 1, 0, 1, 1, 6000, VMCAT_NET_DOC},
    {"Standard_D4_v2", "Dv2", 8, 28, 0, 1, 0, 1, 0, 6000, VMCAT_NET_DOC},
    {"Standard_DS5_v2", "DSv2", 16, 56, 1, 1, 0, 1, 1, 12000, VMCAT_NET_DOC},
    {"Standard_D5_v2", "Dv2", 16, 56, 0, 1, 0, 1, 0, 12000, VMCAT_NET_DOC},
    {"Standard_D2_v3", "Dv3", 2, 8, 0, 1, 0, 1, 0, 1000, VMCAT_NET_DOC},
    {"Standard_D4_v3", "Dv3", 4, 16, 0, 1, 0, 1, 0, 2000, VMCAT_NET_DOC},
    {"Standard_D8_v3", "Dv3", 8, 32, 0, 1, 0, 1, 0, 2000, VMCAT_NET_DOC},
    {"Standard_D16_v3", "Dv3", 16, 64, 0, 1, 0, 1, 0, 2000, VMCAT_NET_DOC},
    {"Standard_D32_v3", "Dv3", 32, 128, 0, 1, 0, 1, 0, 16000, VMCAT_NET_DOC},
    {"Standard_D48_v3", "Dv3", 48, 192, 0, 1, 0, 1, 0, 24000, VMCAT_NET_DOC},
    {"Standard_D64_v3", "Dv3", 64, 256, 0, 1, 0, 1, 0, 30000, VMCAT_NET_DOC},
    {"Standard_D2s_v3", "Dsv3", 2, 8, 1, 1, 0, 1, 0, 1000, VMCAT_NET_DOC},
    {"Standard_D4s_v3", "Dsv3", 4, 16, 1, 1, 0, 1, 0, 2000, VMCAT_NET_DOC},
    {"Standard_D8s_v3", "Dsv3", 8, 32, 1, 1, 0, 1, 0, 2000, VMCAT_NET_DOC},
    {"Standard_D16s_v3", "Dsv3", 16, 64, 1, 1, 0, 1, 0, 2000, VMCAT_NET_DOC},
    {"Standard_D32s_v3", "Dsv3", 32, 128, 1, 1, 0, 1, 0, 16000, VMCAT_NET_DOC},
    {"Standard_D48s_v3", "Dsv3", 48, 192, 1, 1, 0, 1, 0, 24000, VMCAT_NET_DOC},
    {"Standard_D64s_v3", "Dsv3", 64, 256, 1, 1, 0, 1, 0, 30000, VMCAT_NET_DOC},
    {"Standard_E2_v3", "Ev3", 2, 16, 0, 1, 0, 1, 0, 1000, VMCAT_NET_DOC},
    {"Standard_E4_v3", "Ev3", 4, 32, 0, 1, 0, 1, 0, 2000, VMCAT_NET_DOC},
    {"Standard_E8_v3", "Ev3", 8, 64, 0, 1, 0, 1, 0, 4000, VMCAT_NET_DOC},
    {"Standard_E16_v3", "Ev3", 16, 128, 0, 1, 0, 1, 0, 8000, VMCAT_NET_DOC},
    {"Standard_E20_v3", "Ev3", 20, 160, 0, 1, 0, 1, 0, 10000, VMCAT_NET_DOC},
    {"Standard_E32_v3", "Ev3", 32, 256, 0, 1, 0, 1, 0, 16000, VMCAT_NET_DOC},
    {"Standard_E48_v3", "Ev3", 48, 384, 0, 1, 0, 1, 0, 24000, VMCAT_NET_DOC},
    {"Standard_E64_v3", "Ev3", 64, 432, 0, 1, 0, 1, 0, 30000, VMCAT_NET_DOC},
    {"Standard_E2s_v3", "Esv3", 2, 16, 1, 1, 0, 1, 0, 1000, VMCAT_NET_DOC},
    {"Standard_E4s_v3", "Esv3", 4, 32, 1, 1, 0, 1, 0, 2000, VMCAT_NET_DOC},
    {"Standard_E8s_v3", "Esv3", 8, 64, 1, 1, 0, 1, 0, 4000, VMCAT_NET_DOC},
    {"Standard_E16s_v3", "Esv3", 16, 128, 1, 1, 0, 1, 0, 8000, VMCAT_NET_DOC},
    {"Standard_E20s_v3", "Esv3", 20, 160, 1, 1, 0, 1, 0, 10000, VMCAT_NET_DOC},
    {"Standard_E32s_v3", "Esv3", 32, 256, 1, 1, 0, 1, 0, 16000, VMCAT_NET_DOC},
    {"Standard_E48s_v3", "Esv3", 48, 384, 1, 1, 0, 1, 0, 24000, VMCAT_NET_DOC},
    {"Standard_E64s_v3", "Esv3", 64, 432, 1, 1, 0, 1, 0, 30000, VMCAT_NET_DOC},
    {"Standard_D2_v4", "Dv4", 2, 8, 0, 1, 0, 0, 0, 5000, VMCAT_NET_DOC},
    {"Standard_D4_v4", "Dv4", 4, 16, 0, 1, 0, 0, 0, 10000, VMCAT_NET_DOC},
    {"Standard_D8_v4", "Dv4", 8, 32, 0, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_D16_v4", "Dv4", 16, 64, 0, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_D32_v4", "Dv4", 32, 128, 0, 1, 0, 0, 0, 16000, VMCAT_NET_DOC},
    {"Standard_D48_v4", "Dv4", 48, 192, 0, 1, 0, 0, 0, 24000, VMCAT_NET_DOC},
    {"Standard_D64_v4", "Dv4", 64, 256, 0, 1, 0, 0, 0, 30000, VMCAT_NET_DOC},
    {"Standard_D2s_v4", "Dsv4", 2, 8, 1, 1, 0, 0, 1, 5000, VMCAT_NET_DOC},
    {"Standard_D4s_v4", "Dsv4", 4, 16, 1, 1, 0, 0, 1, 10000, VMCAT_NET_DOC},
    {"Standard_D8s_v4", "Dsv4", 8, 32, 1, 1, 0, 0, 1, 12500, VMCAT_NET_DOC},
    {"Standard_D16s_v4", "Dsv4", 16, 64, 1, 1, 0, 0, 1, 12500, VMCAT_NET_DOC},
    {"Standard_D32s_v4", "Dsv4", 32, 128, 1, 1, 0, 0, 1, 16000, VMCAT_NET_DOC},
    {"Standard_D48s_v4", "Dsv4", 48, 192, 1, 1, 0, 0, 1, 24000, VMCAT_NET_DOC},
    {"Standard_D64s_v4", "Dsv4", 64, 256, 1, 1, 0, 0, 1, 30000, VMCAT_NET_DOC},
    {"Standard_D2_v5", "Dv5", 2, 8, 0, 1, 0, 0, 1, 12500, VMCAT_NET_DOC},
    {"Standard_D4_v5", "Dv5", 4, 16, 0, 1, 0, 0, 1, 12500, VMCAT_NET_DOC},
    {"Standard_D8_v5", "Dv5", 8, 32, 0, 1, 0, 0, 1, 12500, VMCAT_NET_DOC},
    {"Standard_D16_v5", "Dv5", 16, 64, 0, 1, 0, 0, 1, 12500, VMCAT_NET_DOC},
    {"Standard_D32_v5", "Dv5", 32, 128, 0, 1, 0, 0, 1, 16000, VMCAT_NET_DOC},
    {"Standard_D48_v5", "Dv5", 48, 192, 0, 1, 0, 0, 1, 24000, VMCAT_NET_DOC},
    {"Standard_D64_v5", "Dv5", 64, 256, 0, 1, 0, 0, 1, 30000, VMCAT_NET_DOC},
    {"Standard_D96_v5", "Dv5", 96, 384, 0, 1, 0, 0, 1, 35000, VMCAT_NET_DOC},
    {"Standard_D2s_v5", "Dsv5", 2, 8, 1, 1, 0, 0, 1, 12500, VMCAT_NET_DOC},
    {"Standard_D4s_v5", "Dsv5", 4, 16, 1, 1, 0, 0, 1, 12500, VMCAT_NET_DOC},
    {"Standard_D8s_v5", "Dsv5", 8, 32, 1, 1, 0, 0, 1, 12500, VMCAT_NET_DOC},
    {"Standard_D16s_v5", "Dsv5", 16, 64, 1, 1, 0, 0, 1, 12500, VMCAT_NET_DOC},
    {"Standard_D32s_v5", "Dsv5", 32, 128, 1, 1, 0, 0, 1, 16000, VMCAT_NET_DOC},
    {"Standard_D48s_v5", "Dsv5", 48, 192, 1, 1, 0, 0, 1, 24000, VMCAT_NET_DOC},
    {"Standard_D64s_v5", "Dsv5", 64, 256, 1, 1, 0, 0, 1, 30000, VMCAT_NET_DOC},
    {"Standard_D96s_v5", "Dsv5", 96, 384, 1, 1, 0, 0, 1, 35000, VMCAT_NET_DOC},
    {"Standard_D2_v6", "Dv6", 2, 8, 1, 1, 0, 0, 0, 12500, VMCAT_NET_TWIN},
    {"Standard_D4_v6", "Dv6", 4, 16, 1, 1, 0, 0, 0, 12500, VMCAT_NET_TWIN},
    {"Standard_D8_v6", "Dv6", 8, 32, 1, 1, 0, 0, 0, 12500, VMCAT_NET_TWIN},
    {"Standard_D16_v6", "Dv6", 16, 64, 1, 1, 0, 0, 0, 12500, VMCAT_NET_TWIN},
    {"Standard_D32_v6", "Dv6", 32, 128, 1, 1, 0, 0, 0, 16000, VMCAT_NET_TWIN},
    {"Standard_D48_v6", "Dv6", 48, 192, 1, 1, 0, 0, 0, 24000, VMCAT_NET_TWIN},
    {"Standard_D64_v6", "Dv6", 64, 256, 1, 1, 0, 0, 0, 30000, VMCAT_NET_TWIN},
    {"Standard_D96_v6", "Dv6", 96, 384, 1, 1, 0, 0, 0, 41000, VMCAT_NET_TWIN},
    {"Standard_D128_v6", "Dv6", 128, 512, 1, 1, 0, 0, 0, 54000, VMCAT_NET_TWIN},
    {"Standard_D2s_v6", "Dsv6", 2, 8, 1, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_D4s_v6", "Dsv6", 4, 16, 1, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_D8s_v6", "Dsv6", 8, 32, 1, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_D16s_v6", "Dsv6", 16, 64, 1, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_D32s_v6", "Dsv6", 32, 128, 1, 1, 0, 0, 0, 16000, VMCAT_NET_DOC},
    {"Standard_D48s_v6", "Dsv6", 48, 192, 1, 1, 0, 0, 0, 24000, VMCAT_NET_DOC},
    {"Standard_D64s_v6", "Dsv6", 64, 256, 1, 1, 0, 0, 0, 30000, VMCAT_NET_DOC},
    {"Standard_D96s_v6", "Dsv6", 96, 384, 1, 1, 0, 0, 0, 41000, VMCAT_NET_DOC},
    {"Standard_D128s_v6", "Dsv6", 128, 512, 1, 1, 0, 0, 0, 54000, VMCAT_NET_DOC},
    {"Standard_E2_v4", "Ev4", 2, 16, 0, 1, 0, 0, 0, 5000, VMCAT_NET_DOC},
    {"Standard_E4_v4", "Ev4", 4, 32, 0, 1, 0, 0, 0, 10000, VMCAT_NET_DOC},
    {"Standard_E8_v4", "Ev4", 8, 64, 0, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_E16_v4", "Ev4", 16, 128, 0, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_E20_v4", "Ev4", 20, 160, 0, 1, 0, 0, 0, 10000, VMCAT_NET_DOC},
    {"Standard_E32_v4", "Ev4", 32, 256, 0, 1, 0, 0, 0, 16000, VMCAT_NET_DOC},
    {"Standard_E48_v4", "Ev4", 48, 384, 0, 1, 0, 0, 0, 24000, VMCAT_NET_DOC},
    {"Standard_E64_v4", "Ev4", 64, 504, 0, 1, 0, 0, 0, 30000, VMCAT_NET_DOC},
    {"Standard_E2s_v4", "Esv4", 2, 16, 1, 1, 0, 0, 0, 5000, VMCAT_NET_DOC},
    {"Standard_E4s_v4", "Esv4", 4, 32, 1, 1, 0, 0, 0, 10000, VMCAT_NET_DOC},
    {"Standard_E8s_v4", "Esv4", 8, 64, 1, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_E16s_v4", "Esv4", 16, 128, 1, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_E20s_v4", "Esv4", 20, 160, 1, 1, 0, 0, 0, 10000, VMCAT_NET_DOC},
    {"Standard_E32s_v4", "Esv4", 32, 256, 1, 1, 0, 0, 0, 16000, VMCAT_NET_DOC},
    {"Standard_E48s_v4", "Esv4", 48, 384, 1, 1, 0, 0, 0, 24000, VMCAT_NET_DOC},
    {"Standard_E64s_v4", "Esv4", 64, 504, 1, 1, 0, 0, 0, 30000, VMCAT_NET_DOC},
    {"Standard_E2_v5", "Ev5", 2, 16, 0, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_E4_v5", "Ev5", 4, 32, 0, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_E8_v5", "Ev5", 8, 64, 0, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_E16_v5", "Ev5", 16, 128, 0, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_E20_v5", "Ev5", 20, 160, 0, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_E32_v5", "Ev5", 32, 256, 0, 1, 0, 0, 0, 16000, VMCAT_NET_DOC},
    {"Standard_E48_v5", "Ev5", 48, 384, 0, 1, 0, 0, 0, 24000, VMCAT_NET_DOC},
    {"Standard_E64_v5", "Ev5", 64, 512, 0, 1, 0, 0, 0, 30000, VMCAT_NET_DOC},
    {"Standard_E96_v5", "Ev5", 96, 672, 0, 1, 0, 0, 0, 30000, VMCAT_NET_DOC},
    {"Standard_E2s_v5", "Esv5", 2, 16, 1, 1, 0, 0, 1, 12500, VMCAT_NET_DOC},
    {"Standard_E4s_v5", "Esv5", 4, 32, 1, 1, 0, 0, 1, 12500, VMCAT_NET_DOC},
    {"Standard_E8s_v5", "Esv5", 8, 64, 1, 1, 0, 0, 1, 12500, VMCAT_NET_DOC},
    {"Standard_E16s_v5", "Esv5", 16, 128, 1, 1, 0, 0, 1, 12500, VMCAT_NET_DOC},
    {"Standard_E20s_v5", "Esv5", 20, 160, 1, 1, 0, 0, 1, 12500, VMCAT_NET_DOC},
    {"Standard_E32s_v5", "Esv5", 32, 256, 1, 1, 0, 0, 1, 16000, VMCAT_NET_DOC},
    {"Standard_E48s_v5", "Esv5", 48, 384, 1, 1, 0, 0, 1, 24000, VMCAT_NET_DOC},
    {"Standard_E64s_v5", "Esv5", 64, 512, 1, 1, 0, 0, 1, 30000, VMCAT_NET_DOC},
    {"Standard_E96s_v5", "Esv5", 96, 672, 1, 1, 0, 0, 1, 35000, VMCAT_NET_DOC},
    {"Standard_E2_v6", "Ev6", 2, 16, 1, 1, 0, 0, 0, 12500, VMCAT_NET_TWIN},
    {"Standard_E4_v6", "Ev6", 4, 32, 1, 1, 0, 0, 0, 12500, VMCAT_NET_TWIN},
    {"Standard_E8_v6", "Ev6", 8, 64, 1, 1, 0, 0, 0, 12500, VMCAT_NET_TWIN},
    {"Standard_E16_v6", "Ev6", 16, 128, 1, 1, 0, 0, 0, 12500, VMCAT_NET_TWIN},
    {"Standard_E20_v6", "Ev6", 20, 160, 1, 1, 0, 0, 0, 12500, VMCAT_NET_TWIN},
    {"Standard_E32_v6", "Ev6", 32, 256, 1, 1, 0, 0, 0, 16000, VMCAT_NET_TWIN},
    {"Standard_E48_v6", "Ev6", 48, 384, 1, 1, 0, 0, 0, 24000, VMCAT_NET_TWIN},
    {"Standard_E64_v6", "Ev6", 64, 512, 1, 1, 0, 0, 0, 30000, VMCAT_NET_TWIN},
    {"Standard_E96_v6", "Ev6", 96, 768, 1, 1, 0, 0, 0, 41000, VMCAT_NET_TWIN},
    {"Standard_E128_v6", "Ev6", 128, 1024, 1, 1, 0, 0, 0, 54000, VMCAT_NET_TWIN},
    {"Standard_E2s_v6", "Esv6", 2, 16, 1, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_E4s_v6", "Esv6", 4, 32, 1, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_E8s_v6", "Esv6", 8, 64, 1, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_E16s_v6", "Esv6", 16, 128, 1, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_E20s_v6", "Esv6", 20, 160, 1, 1, 0, 0, 0, 12500, VMCAT_NET_DOC},
    {"Standard_E32s_v6", "Esv6", 32, 256, 1, 1, 0, 0, 0, 16000, VMCAT_NET_DOC},
    {"Standard_E48s_v6", "Esv6", 48, 384, 1, 1, 0, 0, 0, 24000, VMCAT_NET_DOC},
    {"Standard_E64s_v6", "Esv6", 64, 512, 1, 1, 0, 0, 0, 30000, VMCAT_NET_DOC},
    {"Standard_E96s_v6", "Esv6", 96, 768, 1, 1, 0, 0, 0, 41000, VMCAT_NET_DOC},
    {"Standard_E128s_v6", "Esv6", 128, 1024, 1, 1, 0, 0, 0, 54000, VMCAT_NET_DOC},
    {"Standard_F2s_v2", "Fsv2", 2, 4, 1, 1, 0, 0, 1, 5000, VMCAT_NET_DOC},
    {"Standard_F4s_v2", "Fsv2", 4, 8, 1, 1, 0, 0, 1, 10000, VMCAT_NET_DOC},
    {"Standard_F8s_v2", "Fsv2", 8, 16, 1, 1, 0, 0, 1, 12500, VMCAT_NET_DOC},
    {"Standard_F16s_v2", "Fsv2", 16, 32, 1, 1, 0, 0, 1, 12500, VMCAT_NET_DOC},
    {"Standard_F32s_v2", "Fsv2", 32, 64, 1, 1, 0, 0, 1, 16000, VMCAT_NET_DOC},
    {"Standard_F48s_v2", "Fsv2", 48, 96, 1, 1, 0, 0, 1, 21000, VMCAT_NET_DOC},
    {"Standard_F64s_v2", "Fsv2", 64, 128, 1, 1, 0, 0, 1, 28000, VMCAT_NET_DOC},
    {"Standard_F72s_v2", "Fsv2", 72, 144, 1, 1, 0, 0, 1, 30000, VMCAT_NET_DOC},
};

const struct vm_size *mdl_vmcat_all(size_t *n)
{
    *n = sizeof catalogue / sizeof catalogue[0];
    return catalogue;
}

const struct vm_size *mdl_vmcat_find(const char *name)
{
    if (!name)
        return NULL;
    const char *bare = name;
    if (strncasecmp(bare, "Standard_", 9) == 0)
        bare += 9;
    for (size_t i = 0; i < sizeof catalogue / sizeof catalogue[0]; i++)
        if (strcasecmp(catalogue[i].name + 9, bare) == 0)
            return &catalogue[i];
    return NULL;
}

const char *mdl_vmcat_net_src_name(enum vmcat_net_src s)
{
    switch (s) {
    case VMCAT_NET_TWIN:
        return "twin estimate";
    case VMCAT_NET_EST:
        return "estimate";
    case VMCAT_NET_DOC:
    default:
        return "documented";
    }
}
