/* realpath() is X/Open (XSI), which -std=c17 alone does not declare. */
#define _XOPEN_SOURCE 700

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <glib/gstdio.h>

#include "dk-disk-encryption.h"

/* Real stacks are shallow (LVM on LUKS on a partition is three levels, RAID below that four). Slave
 * links are followed by path without resolving them, so these limits are what stops a cyclic or
 * corrupt tree from recursing forever or fanning out at every level. */
#define MAX_DEPTH   16
#define MAX_DEVICES 256

static gboolean
is_encrypting_dm_uuid (const char *uuid)
{
  /* cryptsetup names every device it maps CRYPT-<TYPE>-…, also dm-verity and standalone dm-integrity
   * (which protect integrity but encrypt nothing) and its SUBDEV helpers, such as the dm-integrity
   * layer under a LUKS2 volume with integrity. Those count like LVM: what lies beneath decides.
   * The walk stops at the first crypt layer from the top, so a SUBDEV under its volume is never
   * looked at; judging one seen on its own by what lies beneath can only err towards a warning. */
  static const char * const not_encrypting[] = { "CRYPT-VERITY-", "CRYPT-INTEGRITY-", "CRYPT-SUBDEV-" };

  if (!g_str_has_prefix (uuid, "CRYPT-"))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (not_encrypting); i++)
    if (g_str_has_prefix (uuid, not_encrypting[i]))
      return FALSE;

  return TRUE;
}

/* @dir is a device's sysfs directory. A device is encrypted when it is a crypt mapping, or when it
 * has slaves (LVM, RAID, kpartx) and every one of them is. A disk or partition has no slaves and is
 * not encrypted: sda2's disk sda lies beside it, not beneath (partitions of a dm device are dm
 * devices made by kpartx, with that device as their slave). */
static DkDiskEncryption
check_device (const char *dir,
              guint       depth,
              guint      *visited)
{
  g_autofree char *uuid_path = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *slaves_path = NULL;
  g_autoptr(GDir) slaves = NULL;
  g_autoptr(GError) error = NULL;
  gboolean any_encrypted = FALSE;
  gboolean any_unknown = FALSE;
  const char *name;

  if (depth > MAX_DEPTH || ++*visited > MAX_DEVICES)
    return DK_DISK_UNKNOWN;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return DK_DISK_UNKNOWN;

  uuid_path = g_build_filename (dir, "dm", "uuid", NULL);
  if (g_file_get_contents (uuid_path, &uuid, NULL, &error))
    {
      if (is_encrypting_dm_uuid (g_strstrip (uuid)))
        return DK_DISK_ENCRYPTED;
    }
  else if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      /* A dm device we cannot identify might be the crypt layer; saying "not encrypted" would be a guess. */
      return DK_DISK_UNKNOWN;
    }
  g_clear_error (&error);

  slaves_path = g_build_filename (dir, "slaves", NULL);
  slaves = g_dir_open (slaves_path, 0, &error);
  if (slaves == NULL)
    return g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ? DK_DISK_NOT_ENCRYPTED : DK_DISK_UNKNOWN;

  while ((name = g_dir_read_name (slaves)) != NULL)
    {
      g_autofree char *slave = g_build_filename (slaves_path, name, NULL);

      switch (check_device (slave, depth + 1, visited))
        {
        case DK_DISK_NOT_ENCRYPTED:
          /* One plain member of a RAID or volume group leaves part of the data in the clear. */
          return DK_DISK_NOT_ENCRYPTED;
        case DK_DISK_UNKNOWN:
          any_unknown = TRUE;
          break;
        case DK_DISK_ENCRYPTED:
          any_encrypted = TRUE;
          break;
        default:
          g_assert_not_reached ();
        }
    }

  if (any_unknown)
    return DK_DISK_UNKNOWN;

  return any_encrypted ? DK_DISK_ENCRYPTED : DK_DISK_NOT_ENCRYPTED;
}

DkDiskEncryption
dk_disk_encryption_check_devno (guint       major,
                                guint       minor,
                                const char *sysfs_root)
{
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  guint visited = 0;

  g_return_val_if_fail (sysfs_root != NULL, DK_DISK_UNKNOWN);

  /* Major 0 is the kernel's "no block device" (tmpfs, overlay, NFS, btrfs subvolumes). */
  if (major == 0)
    return DK_DISK_UNKNOWN;

  name = g_strdup_printf ("%u:%u", major, minor);
  dir = g_build_filename (sysfs_root, "dev", "block", name, NULL);

  return check_device (dir, 0, &visited);
}

static gboolean
path_is_under (const char *path,
               const char *mount_point)
{
  size_t len = strlen (mount_point);

  if (strcmp (mount_point, "/") == 0)
    return path[0] == '/';

  return strncmp (path, mount_point, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

char *
dk_disk_encryption_mount_source (const char *mountinfo,
                                 const char *path)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *source = NULL;
  gsize best_len = 0;

  g_return_val_if_fail (mountinfo != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  lines = g_strsplit (mountinfo, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* id parent maj:min root mount-point options [optional fields…] - fstype source super-options */
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", -1);
      g_autofree char *mount_point = NULL;
      guint n = g_strv_length (fields);
      guint sep = 6;
      gsize len;

      if (n < 10)
        continue;

      while (sep < n && strcmp (fields[sep], "-") != 0)
        sep++;
      if (sep + 2 >= n)
        continue;

      /* The kernel writes space, tab, newline and backslash as octal escapes, which g_strcompress undoes. */
      mount_point = g_strcompress (fields[4]);
      if (!path_is_under (path, mount_point))
        continue;

      /* Lines come in mount order, so of two mounts on one point the later is the one visible. */
      len = strlen (mount_point);
      if (source != NULL && len < best_len)
        continue;

      best_len = len;
      g_free (source);
      source = g_strcompress (fields[sep + 2]);
    }

  return g_steal_pointer (&source);
}

/* btrfs reports an anonymous device number (major 0) per subvolume, which matches nothing in sysfs
 * nor even the mountinfo line, so look up the mount holding the path and stat its source instead.
 * tmpfs, overlay and network file systems have no block device as source and stay UNKNOWN. A btrfs
 * spanning several devices is judged by the one it was mounted from. */
static DkDiskEncryption
check_mount_source (const char *path,
                    const char *sysfs_root)
{
  g_autofree char *real = NULL;
  g_autofree char *mountinfo = NULL;
  g_autofree char *source = NULL;
  char *resolved;
  GStatBuf st;

  resolved = realpath (path, NULL);
  if (resolved == NULL)
    return DK_DISK_UNKNOWN;
  real = g_strdup (resolved);
  free (resolved);

  if (!g_file_get_contents ("/proc/self/mountinfo", &mountinfo, NULL, NULL))
    return DK_DISK_UNKNOWN;

  source = dk_disk_encryption_mount_source (mountinfo, real);
  if (source == NULL || !g_path_is_absolute (source))
    return DK_DISK_UNKNOWN;

  if (g_stat (source, &st) != 0 || !S_ISBLK (st.st_mode))
    return DK_DISK_UNKNOWN;

  return dk_disk_encryption_check_devno (major (st.st_rdev), minor (st.st_rdev), sysfs_root);
}

DkDiskEncryption
dk_disk_encryption_check (const char *path,
                          const char *sysfs_root)
{
  g_autofree char *existing = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, DK_DISK_UNKNOWN);
  g_return_val_if_fail (sysfs_root != NULL, DK_DISK_UNKNOWN);

  /* On first start the data directory is checked before it is created; it will live on the same
   * file system as its nearest existing parent unless something is mounted there later. */
  existing = g_canonicalize_filename (path, NULL);
  while (g_stat (existing, &st) != 0)
    {
      int saved_errno = errno;
      g_autofree char *parent = g_path_get_dirname (existing);

      if (saved_errno != ENOENT || strcmp (parent, existing) == 0)
        return DK_DISK_UNKNOWN;

      g_free (existing);
      existing = g_steal_pointer (&parent);
    }

  if (major (st.st_dev) == 0)
    return check_mount_source (existing, sysfs_root);

  return dk_disk_encryption_check_devno (major (st.st_dev), minor (st.st_dev), sysfs_root);
}
