/* replay-main.c: runs a libFuzzer harness over files, without libFuzzer
 *
 * Lets the committed seed and regression corpora run as an ordinary test
 * with any compiler (and so under build-aux/sanitize and valgrind):
 *   fuzz-decoder-replay tests/fuzz/corpus/fuzz-decoder [FILE|DIR...]
 * Prints TAP, one line per file; a failing invariant aborts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <glib.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static guint n_run;

static void
run_path (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        {
          printf ("Bail out! cannot read %s\n", path);
          exit (1);
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
      for (guint i = 0; i < names->len; i++)
        run_path (g_ptr_array_index (names, i));
      return;
    }

  {
    g_autofree char *contents = NULL;
    gsize len;

    if (!g_file_get_contents (path, &contents, &len, NULL))
      {
        printf ("Bail out! cannot read %s\n", path);
        exit (1);
      }
    LLVMFuzzerTestOneInput ((const guint8 *) contents, len);
    printf ("ok %u %s\n", ++n_run, path);
    fflush (stdout);
  }
}

int
main (int    argc,
      char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      /* GTest options that wrappers pass to every test (e.g. build-aux/sanitize's
       * "-s PATH" skips) do not apply to a corpus replay. */
      if (argv[i][0] == '-')
        {
          if (g_strcmp0 (argv[i], "-s") == 0 || g_strcmp0 (argv[i], "-p") == 0)
            i++;
          continue;
        }
      run_path (argv[i]);
    }
  printf ("1..%u\n", n_run);
  return 0;
}
