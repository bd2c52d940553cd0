/* symlink() is POSIX.1-2008, which -std=c17 alone does not declare. */
#define _POSIX_C_SOURCE 200809L

#include "config.h"

#include <errno.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "dk-disk-encryption.h"

/* A fake sysfs laid out like the real one: /dev/block/MAJ:MIN links to the device's directory, and a
 * stacked device's slaves/ holds links to the devices beneath it. */
typedef struct
{
  char *root;
} Fixture;

static void
add_device (const char         *root,
            const char         *name,
            const char         *devno,
            const char         *dm_uuid,
            const char * const *slaves)
{
  g_autofree char *dir = g_build_filename (root, "devices", name, NULL);
  g_autofree char *link = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  if (dm_uuid != NULL)
    {
      g_autofree char *dm_dir = g_build_filename (dir, "dm", NULL);
      g_autofree char *uuid_path = g_build_filename (dm_dir, "uuid", NULL);
      g_autofree char *contents = g_strconcat (dm_uuid, "\n", NULL);

      g_assert_cmpint (g_mkdir_with_parents (dm_dir, 0755), ==, 0);
      g_file_set_contents (uuid_path, contents, -1, &error);
      g_assert_no_error (error);
    }

  if (slaves != NULL)
    {
      g_autofree char *slaves_dir = g_build_filename (dir, "slaves", NULL);

      g_assert_cmpint (g_mkdir_with_parents (slaves_dir, 0755), ==, 0);
      for (guint i = 0; slaves[i] != NULL; i++)
        {
          g_autofree char *slave_link = g_build_filename (slaves_dir, slaves[i], NULL);
          g_autofree char *slave_target = g_build_filename ("..", "..", slaves[i], NULL);

          g_assert_cmpint (symlink (slave_target, slave_link), ==, 0);
        }
    }

  if (devno != NULL)
    {
      g_autofree char *block_dir = g_build_filename (root, "dev", "block", NULL);

      g_assert_cmpint (g_mkdir_with_parents (block_dir, 0755), ==, 0);
      link = g_build_filename (block_dir, devno, NULL);
      target = g_build_filename ("..", "..", "devices", name, NULL);
      g_assert_cmpint (symlink (target, link), ==, 0);
    }
}

/* Never follows links: the fake tree links in cycles, and a link may point anywhere. */
static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else
    {
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char * const none[] = { NULL };

  fixture->root = g_dir_make_tmp ("draagkracht-sysfs-XXXXXX", &error);
  g_assert_no_error (error);

  /* Disks have an empty slaves/, partitions none at all. */
  add_device (fixture->root, "sda", "8:0", NULL, none);
  add_device (fixture->root, "sda2", "8:2", NULL, NULL);
  add_device (fixture->root, "sdb1", "8:17", NULL, NULL);
  add_device (fixture->root, "nvme0n1p3", "259:3", NULL, NULL);

  add_device (fixture->root, "dm-0", "253:0", "CRYPT-LUKS2-0123456789abcdef0123456789abcdef-luks-0123",
              (const char * const[]) { "nvme0n1p3", NULL });
  add_device (fixture->root, "dm-1", "253:1", "LVM-Vg0Lv0",
              (const char * const[]) { "dm-0", NULL });
  add_device (fixture->root, "dm-2", "253:2", "LVM-Vg1Lv0",
              (const char * const[]) { "sda2", NULL });
  add_device (fixture->root, "dm-3", "253:3", "CRYPT-PLAIN-home",
              (const char * const[]) { "sdb1", NULL });
  add_device (fixture->root, "md0", "9:0", NULL,
              (const char * const[]) { "dm-0", "sda2", NULL });
  add_device (fixture->root, "md1", "9:1", NULL,
              (const char * const[]) { "dm-0", "dm-3", NULL });
  add_device (fixture->root, "dm-4", "253:4", "LVM-Vg2Lv0",
              (const char * const[]) { "md1", NULL });
  add_device (fixture->root, "dm-5", "253:5", "CRYPT-VERITY-0123456789abcdef0123456789abcdef-usr",
              (const char * const[]) { "sda2", NULL });
  add_device (fixture->root, "dm-6", "253:6", "LVM-Vg3Lv0",
              (const char * const[]) { "gone", NULL });
  add_device (fixture->root, "dm-7", "253:7", "LVM-Vg4Lv0",
              (const char * const[]) { "dm-8", NULL });
  add_device (fixture->root, "dm-8", "253:8", "LVM-Vg4Lv1",
              (const char * const[]) { "dm-7", NULL });
  add_device (fixture->root, "dm-9", "253:9", "",
              (const char * const[]) { "dm-0", NULL });
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->root);
  g_free (fixture->root);
}

static void
test_plain_partition (Fixture       *fixture,
                      gconstpointer  data)
{
  g_assert_cmpint (dk_disk_encryption_check_devno (8, 2, fixture->root), ==, DK_DISK_NOT_ENCRYPTED);
  g_assert_cmpint (dk_disk_encryption_check_devno (8, 0, fixture->root), ==, DK_DISK_NOT_ENCRYPTED);
}

static void
test_luks (Fixture       *fixture,
           gconstpointer  data)
{
  g_assert_cmpint (dk_disk_encryption_check_devno (253, 0, fixture->root), ==, DK_DISK_ENCRYPTED);
  g_assert_cmpint (dk_disk_encryption_check_devno (253, 3, fixture->root), ==, DK_DISK_ENCRYPTED);
  /* A dm device without a uuid (plain dmsetup) is judged by what it maps. */
  g_assert_cmpint (dk_disk_encryption_check_devno (253, 9, fixture->root), ==, DK_DISK_ENCRYPTED);
}

static void
test_lvm (Fixture       *fixture,
          gconstpointer  data)
{
  g_assert_cmpint (dk_disk_encryption_check_devno (253, 1, fixture->root), ==, DK_DISK_ENCRYPTED);
  g_assert_cmpint (dk_disk_encryption_check_devno (253, 2, fixture->root), ==, DK_DISK_NOT_ENCRYPTED);
}

static void
test_raid (Fixture       *fixture,
           gconstpointer  data)
{
  g_assert_cmpint (dk_disk_encryption_check_devno (9, 0, fixture->root), ==, DK_DISK_NOT_ENCRYPTED);
  g_assert_cmpint (dk_disk_encryption_check_devno (9, 1, fixture->root), ==, DK_DISK_ENCRYPTED);
  g_assert_cmpint (dk_disk_encryption_check_devno (253, 4, fixture->root), ==, DK_DISK_ENCRYPTED);
}

static void
test_verity_is_not_encryption (Fixture       *fixture,
                               gconstpointer  data)
{
  g_assert_cmpint (dk_disk_encryption_check_devno (253, 5, fixture->root), ==, DK_DISK_NOT_ENCRYPTED);
}

static void
test_unknown (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *missing_root = g_build_filename (fixture->root, "no-such-sysfs", NULL);

  g_assert_cmpint (dk_disk_encryption_check_devno (8, 99, fixture->root), ==, DK_DISK_UNKNOWN);
  g_assert_cmpint (dk_disk_encryption_check_devno (0, 42, fixture->root), ==, DK_DISK_UNKNOWN);
  g_assert_cmpint (dk_disk_encryption_check_devno (8, 2, missing_root), ==, DK_DISK_UNKNOWN);
  /* A slave that has gone away. */
  g_assert_cmpint (dk_disk_encryption_check_devno (253, 6, fixture->root), ==, DK_DISK_UNKNOWN);
}

static void
test_cycle_ends (Fixture       *fixture,
                 gconstpointer  data)
{
  g_assert_cmpint (dk_disk_encryption_check_devno (253, 7, fixture->root), ==, DK_DISK_UNKNOWN);
}

static void
test_mount_source (void)
{
  static const char mountinfo[] =
    "22 1 0:21 / /proc rw,nosuid shared:12 - proc proc rw\n"
    "25 1 0:31 /root / rw,relatime shared:1 - btrfs /dev/mapper/luks-1234 rw,subvol=/root\n"
    "40 25 0:31 /home /home rw,relatime shared:30 - btrfs /dev/mapper/luks-1234 rw,subvol=/home\n"
    "41 40 0:45 / /home/ann/My\\040Data rw master:1 shared:2 - ext4 /dev/sdb\\0401 rw\n"
    "42 25 0:46 / /home2 rw - nfs server:/export rw\n"
    "43 25 0:47 / /tmp rw - tmpfs tmpfs rw\n"
    "44 43 0:48 / /tmp rw - overlay overlay rw\n"
    "broken line\n";
  g_autofree char *root = dk_disk_encryption_mount_source (mountinfo, "/");
  g_autofree char *home = dk_disk_encryption_mount_source (mountinfo, "/home/ann/.local/share/draagkracht");
  g_autofree char *escaped = dk_disk_encryption_mount_source (mountinfo, "/home/ann/My Data/x");
  g_autofree char *not_escaped = dk_disk_encryption_mount_source (mountinfo, "/home/ann/My");
  g_autofree char *home2 = dk_disk_encryption_mount_source (mountinfo, "/home2/ann");
  g_autofree char *tmp = dk_disk_encryption_mount_source (mountinfo, "/tmp");
  g_autofree char *nothing = dk_disk_encryption_mount_source ("", "/");

  g_assert_cmpstr (root, ==, "/dev/mapper/luks-1234");
  g_assert_cmpstr (home, ==, "/dev/mapper/luks-1234");
  g_assert_cmpstr (escaped, ==, "/dev/sdb 1");
  g_assert_cmpstr (not_escaped, ==, "/dev/mapper/luks-1234");
  g_assert_cmpstr (home2, ==, "server:/export");
  g_assert_cmpstr (tmp, ==, "overlay");
  g_assert_null (nothing);
}

static void
test_real_check (void)
{
  g_autofree char *unborn = g_build_filename (g_get_tmp_dir (), "draagkracht-not-created-yet", "data", NULL);
  DkDiskEncryption result = dk_disk_encryption_check (g_get_tmp_dir (), "/sys");

  g_assert_cmpint (result, >=, DK_DISK_ENCRYPTED);
  g_assert_cmpint (result, <=, DK_DISK_UNKNOWN);
  g_test_message ("%s: %s", g_get_tmp_dir (),
                  result == DK_DISK_ENCRYPTED ? "encrypted" :
                  result == DK_DISK_NOT_ENCRYPTED ? "not encrypted" : "unknown");

  /* A data directory that does not exist yet is judged by where it will be created. */
  g_assert_false (g_file_test (unborn, G_FILE_TEST_EXISTS));
  g_assert_cmpint (dk_disk_encryption_check (unborn, "/sys"), ==, result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/disk-encryption/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("plain-partition", test_plain_partition);
  ADD ("luks", test_luks);
  ADD ("lvm", test_lvm);
  ADD ("raid", test_raid);
  ADD ("verity", test_verity_is_not_encryption);
  ADD ("unknown", test_unknown);
  ADD ("cycle", test_cycle_ends);
#undef ADD
  g_test_add_func ("/disk-encryption/mount-source", test_mount_source);
  g_test_add_func ("/disk-encryption/real", test_real_check);

  return g_test_run ();
}
