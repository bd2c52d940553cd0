#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  DK_DISK_ENCRYPTED,
  DK_DISK_NOT_ENCRYPTED,
  DK_DISK_UNKNOWN,
} DkDiskEncryption;

/* Whether the file system holding @path (or, when @path does not exist yet, its nearest existing
 * parent) sits on a dm-crypt device, directly or through LVM/RAID/partitions on top of one.
 * @sysfs_root is "/sys" normally; tests pass a fake tree. UNKNOWN when the device cannot be resolved
 * (tmpfs, overlay, network file systems): the UI then says it could not check. */
DkDiskEncryption  dk_disk_encryption_check        (const char *path,
                                                   const char *sysfs_root);

/* The same from a known device number, for tests. */
DkDiskEncryption  dk_disk_encryption_check_devno  (guint       major,
                                                   guint       minor,
                                                   const char *sysfs_root);

/* The mount source ("/dev/mapper/…", "tmpfs", "server:/export") of the mount that holds the
 * canonical absolute @path, from the text of /proc/self/mountinfo; NULL when no mount holds it.
 * Public for tests only. */
char             *dk_disk_encryption_mount_source (const char *mountinfo,
                                                   const char *path);

G_END_DECLS
