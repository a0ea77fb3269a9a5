/* test-safetensors.c — checkpoints: the state dict, safetensors round trips,
 * a file byte-for-byte as PyTorch's safetensors writes it, and corrupt files
 * that must give an MLP_ERROR naming the file instead of a crash.
 */
#include "mlp-safetensors.h"
#include "mlp-safetensors-private.h"
#include "mlp-error.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "test-tmp.h"

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* the names in tmp_dir, sorted, joined by spaces */
static char *
list_tmp_dir (void)
{
  return test_tmp_list (tmp_dir);
}

static MlpTensor *
tensor_counting (guint ndim, const gsize *shape, float start)
{
  MlpTensor *t = mlp_tensor_new (ndim, shape);

  for (gsize i = 0; i < t->numel; i++)
    t->data[i] = start + (float) i * 0.25f;
  return t;
}

static void
assert_tensors_equal (MlpTensor *a, MlpTensor *b)
{
  g_assert_cmpuint (a->ndim, ==, b->ndim);
  for (guint d = 0; d < a->ndim; d++)
    g_assert_cmpuint (a->shape[d], ==, b->shape[d]);
  g_assert_cmpuint (a->numel, ==, b->numel);
  if (a->numel > 0)
    g_assert_cmpmem (a->data, a->numel * sizeof (float), b->data, b->numel * sizeof (float));
}

static void
assert_state_dicts_equal (MlpStateDict *a, MlpStateDict *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (a->names->len, ==, b->names->len);
  g_assert_cmpuint (a->tensors->len, ==, b->tensors->len);
  for (guint i = 0; i < a->names->len; i++)
    {
      g_assert_cmpstr (a->names->pdata[i], ==, b->names->pdata[i]);
      assert_tensors_equal (a->tensors->pdata[i], b->tensors->pdata[i]);
    }
  g_assert_cmpuint (g_hash_table_size (a->metadata), ==, g_hash_table_size (b->metadata));
  g_hash_table_iter_init (&iter, a->metadata);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpstr (g_hash_table_lookup (b->metadata, key), ==, value);
}

/* a file: little-endian header length, the header as given (no padding), data */
static GBytes *
make_file (const char *header, const void *data, gsize data_len)
{
  guint64 n = GUINT64_TO_LE ((guint64) strlen (header));
  GByteArray *a = g_byte_array_new ();

  g_byte_array_append (a, (const guint8 *) &n, 8);
  g_byte_array_append (a, (const guint8 *) header, (guint) strlen (header));
  if (data_len > 0)
    g_byte_array_append (a, data, (guint) data_len);
  return g_byte_array_free_to_bytes (a);
}

/* parsing these bytes fails with MLP_ERROR code; the message names the source
 * and contains `expected` */
static void
assert_parse_fails (GBytes *bytes, MlpError code, const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpStateDict) sd = NULL;
  gsize len;
  const guint8 *p = g_bytes_get_data (bytes, &len);

  sd = mlp_safetensors_parse (p, len, "broken.safetensors", &error);
  g_assert_null (sd);
  g_assert_error (error, MLP_ERROR, (gint) code);
  if (g_test_verbose ())
    g_test_message ("%s", error->message);
  if (!g_str_has_prefix (error->message, "broken.safetensors: ") ||
      strstr (error->message, expected) == NULL)
    g_test_fail_printf ("\"%s\" should contain \"%s\"", error->message, expected);
}

static void
assert_header_fails (const char *header, gsize data_len, const char *expected)
{
  g_autofree guint8 *data = g_malloc0 (data_len + 1);
  g_autoptr(GBytes) bytes = make_file (header, data, data_len);

  assert_parse_fails (bytes, MLP_ERROR_FORMAT, expected);
}

/* ---------------------------------------------------------------------------
 * The state dict
 * ------------------------------------------------------------------------- */

static void
test_state_dict (void)
{
  g_autoptr(MlpStateDict) sd = mlp_state_dict_new ();
  g_autoptr(MlpTensor) a = mlp_tensor_new_scalar (1.0f);
  g_autoptr(MlpTensor) b = mlp_tensor_new_scalar (2.0f);
  g_autoptr(MlpTensor) c = mlp_tensor_new_scalar (3.0f);

  g_assert_nonnull (sd->metadata);
  g_assert_cmpuint (g_hash_table_size (sd->metadata), ==, 0);
  mlp_state_dict_add (sd, "a", a);
  mlp_state_dict_add (sd, "b", b);
  g_assert_cmpint (a->ref_count, ==, 2);
  g_assert_true (mlp_state_dict_lookup (sd, "a") == a);
  g_assert_true (mlp_state_dict_lookup (sd, "b") == b);
  g_assert_null (mlp_state_dict_lookup (sd, "c"));

  /* a name added again keeps its place and takes the newer tensor */
  mlp_state_dict_add (sd, "a", c);
  g_assert_cmpuint (sd->names->len, ==, 2);
  g_assert_cmpstr (sd->names->pdata[0], ==, "a");
  g_assert_true (mlp_state_dict_lookup (sd, "a") == c);
  g_assert_cmpint (a->ref_count, ==, 1);

  /* the same tensor again: the dict's only reference must survive */
  {
    MlpTensor *only = mlp_tensor_new_scalar (4.0f);

    mlp_state_dict_add (sd, "only", only);
    mlp_tensor_unref (only);
    mlp_state_dict_add (sd, "only", only);
    g_assert_true (mlp_state_dict_lookup (sd, "only") == only);
    g_assert_cmpint (only->ref_count, ==, 1);
    g_assert_cmpfloat (only->data[0], ==, 4.0f);
  }

  g_clear_pointer (&sd, mlp_state_dict_free);
  g_assert_cmpint (b->ref_count, ==, 1);
  g_assert_cmpint (c->ref_count, ==, 1);
  mlp_state_dict_free (NULL);
}

/* ---------------------------------------------------------------------------
 * Round trips
 * ------------------------------------------------------------------------- */

static MlpStateDict *
make_sample_state (void)
{
  MlpStateDict *sd = mlp_state_dict_new ();
  const gsize w1[2] = { 3, 5 }, b1[1] = { 5 }, conv[4] = { 2, 1, 3, 2 }, empty[2] = { 0, 3 };
  g_autoptr(MlpTensor) W1 = tensor_counting (2, w1, -1.0f);
  g_autoptr(MlpTensor) B1 = tensor_counting (1, b1, 0.5f);
  g_autoptr(MlpTensor) scalar = mlp_tensor_new_scalar (-0.0f);
  g_autoptr(MlpTensor) K = tensor_counting (4, conv, 100.0f);
  g_autoptr(MlpTensor) E = mlp_tensor_new (2, empty);
  g_autoptr(MlpTensor) special = mlp_tensor_new_1d (4);

  special->data[0] = INFINITY;
  special->data[1] = -INFINITY;
  special->data[2] = 1e-45f;        /* the smallest subnormal */
  special->data[3] = 3.4028235e38f;

  mlp_state_dict_add (sd, "net.0.weight", W1);
  mlp_state_dict_add (sd, "net.0.bias", B1);
  mlp_state_dict_add (sd, "temperature", scalar);
  mlp_state_dict_add (sd, "conv.weight", K);
  mlp_state_dict_add (sd, "empty", E);
  mlp_state_dict_add (sd, "special \"quoted\" \\ name\twith é and 😀", special);
  g_hash_table_insert (sd->metadata, g_strdup ("model"), g_strdup ("mlp-scratch"));
  g_hash_table_insert (sd->metadata, g_strdup ("format"), g_strdup ("pt"));
  g_hash_table_insert (sd->metadata, g_strdup ("note"),
                       g_strdup ("line 1\nline 2\r\t\"quoted\" \\ / \x01 ünïcödé 😀"));
  g_hash_table_insert (sd->metadata, g_strdup (""), g_strdup (""));
  return sd;
}

static void
test_round_trip (void)
{
  g_autofree char *path = tmp_path ("round-trip.safetensors");
  g_autoptr(MlpStateDict) sd = make_sample_state ();
  g_autoptr(MlpStateDict) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  guint64 header_len;

  g_assert_true (mlp_safetensors_save (path, sd, &error));
  g_assert_no_error (error);

  loaded = mlp_safetensors_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  assert_state_dicts_equal (sd, loaded);
  g_assert_cmpuint (((MlpTensor *) loaded->tensors->pdata[2])->ndim, ==, 0);
  g_assert_cmpuint (((MlpTensor *) loaded->tensors->pdata[3])->ndim, ==, 4);
  g_assert_true (signbit (((MlpTensor *) loaded->tensors->pdata[2])->data[0]));
  g_assert_cmpstr (((MlpTensor *) loaded->tensors->pdata[0])->name, ==, "net.0.weight");

  /* the layout: header padded with spaces so the data starts 8-aligned */
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  memcpy (&header_len, contents, 8);
  header_len = GUINT64_FROM_LE (header_len);
  g_assert_cmpuint (header_len % 8, ==, 0);
  g_assert_cmpint (contents[8], ==, '{');
  g_assert_cmpuint (len, ==, 8 + header_len + (15 + 5 + 1 + 12 + 0 + 4) * sizeof (float));

  /* saving what was loaded gives the same bytes */
  {
    g_autofree char *path2 = tmp_path ("round-trip-2.safetensors");
    g_autofree char *contents2 = NULL;
    gsize len2;

    g_assert_true (mlp_safetensors_save (path2, loaded, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path2, &contents2, &len2, NULL));
    g_assert_cmpmem (contents, len, contents2, len2);
    g_unlink (path2);
  }
  g_unlink (path);
}

static void
test_round_trip_empty (void)
{
  g_autofree char *path = tmp_path ("empty.safetensors");
  g_autoptr(MlpStateDict) sd = mlp_state_dict_new ();
  g_autoptr(MlpStateDict) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (mlp_safetensors_save (path, sd, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, "\x08\0\0\0\0\0\0\0{}      ", 16);
  loaded = mlp_safetensors_load (path, &error);
  g_assert_no_error (error);
  assert_state_dicts_equal (sd, loaded);
  g_unlink (path);
}

/* update(): every entry of the other dict in its order, names already
 * there keep their place; the metadata stays out of it */
static void
test_state_dict_update (void)
{
  g_autoptr(MlpStateDict) sd = mlp_state_dict_new ();
  g_autoptr(MlpStateDict) other = mlp_state_dict_new ();
  g_autoptr(MlpTensor) a = mlp_tensor_new_scalar (1.0f);
  g_autoptr(MlpTensor) b = mlp_tensor_new_scalar (2.0f);
  g_autoptr(MlpTensor) c = mlp_tensor_new_scalar (3.0f);

  mlp_state_dict_add (sd, "a", a);
  mlp_state_dict_add (sd, "b", b);
  mlp_state_dict_add (other, "c", c);
  mlp_state_dict_add (other, "a", c);
  g_hash_table_insert (other->metadata, g_strdup ("format"), g_strdup ("pt"));

  mlp_state_dict_update (sd, other);
  g_assert_cmpuint (sd->names->len, ==, 3);
  g_assert_cmpstr (sd->names->pdata[0], ==, "a");
  g_assert_cmpstr (sd->names->pdata[1], ==, "b");
  g_assert_cmpstr (sd->names->pdata[2], ==, "c");
  g_assert_true (mlp_state_dict_lookup (sd, "a") == c);
  g_assert_true (mlp_state_dict_lookup (sd, "c") == c);
  g_assert_cmpuint (g_hash_table_size (sd->metadata), ==, 0);
  g_assert_cmpint (c->ref_count, ==, 5);   /* ours, other's two, sd's two */
  g_assert_cmpint (a->ref_count, ==, 1);

  mlp_state_dict_update (sd, sd);          /* with itself: nothing changes */
  g_assert_cmpuint (sd->names->len, ==, 3);
  g_assert_cmpint (c->ref_count, ==, 5);
}

/* the dtype conversion on its own: IEEE half's corners, bfloat16, doubles
 * beyond float's range, unaligned input */
static void
test_dtype_convert (void)
{
  static const guint8 halves[] = {
    0x01, 0x00,  0x00, 0x04,  0xff, 0x7b,  0x00, 0x7c,  0x00, 0x80,  0x01, 0x7e,
  };
  static const guint8 bfloats[] = { 0x80, 0x3f,  0x80, 0xff };
  guint8 doubles[1 + 16];
  double big = 1e300, tiny = -1e-300;
  float out[6];
  MlpSafetensorsDtype dtype;

  g_assert_true (_mlp_safetensors_dtype_from_name ("BF16", &dtype));
  g_assert_cmpint (dtype, ==, MLP_SAFETENSORS_BF16);
  g_assert_cmpuint (_mlp_safetensors_dtype_size (dtype), ==, 2);
  g_assert_true (_mlp_safetensors_dtype_from_name ("F64", &dtype));
  g_assert_cmpuint (_mlp_safetensors_dtype_size (dtype), ==, 8);
  g_assert_false (_mlp_safetensors_dtype_from_name ("I32", &dtype));
  g_assert_false (_mlp_safetensors_dtype_from_name ("f32", &dtype));

  /* 2^-24 (the smallest subnormal), 2^-14 (the smallest normal), 65504
   * (the largest), +inf, -0, NaN */
  _mlp_safetensors_dtype_convert (MLP_SAFETENSORS_F16, halves, 6, out);
  g_assert_cmpfloat (out[0], ==, 1.0f / 16777216.0f);
  g_assert_cmpfloat (out[1], ==, 1.0f / 16384.0f);
  g_assert_cmpfloat (out[2], ==, 65504.0f);
  g_assert_true (isinf (out[3]) && out[3] > 0);
  g_assert_true (out[4] == 0.0f && signbit (out[4]));
  g_assert_true (isnan (out[5]));

  _mlp_safetensors_dtype_convert (MLP_SAFETENSORS_BF16, bfloats, 2, out);
  g_assert_cmpfloat (out[0], ==, 1.0f);
  g_assert_true (isinf (out[1]) && out[1] < 0);

  /* little-endian doubles one byte off alignment */
  {
    guint64 bits[2];

    memcpy (&bits[0], &big, 8);
    memcpy (&bits[1], &tiny, 8);
    bits[0] = GUINT64_TO_LE (bits[0]);
    bits[1] = GUINT64_TO_LE (bits[1]);
    memcpy (doubles + 1, bits, 16);
  }
  _mlp_safetensors_dtype_convert (MLP_SAFETENSORS_F64, doubles + 1, 2, out);
  g_assert_true (isinf (out[0]) && out[0] > 0);
  g_assert_true (out[1] == 0.0f && signbit (out[1]));
}

/* What `safetensors.torch.save_file({"weight": torch.tensor([[1., 2.], [3., 4.]]),
 * "bias": torch.tensor([0.5, -1.])}, path, metadata={"format": "pt"})` writes:
 * "__metadata__" first, tensors sorted by name, compact JSON, header padded
 * with spaces to 152 bytes. */
static const guint8 pytorch_file[] =
  "\x98\0\0\0\0\0\0\0"
  "{\"__metadata__\":{\"format\":\"pt\"},"
  "\"bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
  "\"weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[8,24]}}   "
  "\x00\x00\x00\x3f" "\x00\x00\x80\xbf"
  "\x00\x00\x80\x3f" "\x00\x00\x00\x40" "\x00\x00\x40\x40" "\x00\x00\x80\x40";

static void
test_pytorch_file (void)
{
  g_autofree char *path = tmp_path ("pytorch.safetensors");
  g_autofree char *ours = tmp_path ("ours.safetensors");
  g_autoptr(MlpStateDict) sd = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  MlpTensor *w, *b;

  g_assert_cmpuint (sizeof pytorch_file - 1, ==, 8 + 152 + 24);
  g_assert_true (g_file_set_contents (path, (const char *) pytorch_file, sizeof pytorch_file - 1, NULL));

  sd = mlp_safetensors_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sd->names->len, ==, 2);
  g_assert_cmpstr (sd->names->pdata[0], ==, "bias");
  g_assert_cmpstr (sd->names->pdata[1], ==, "weight");
  g_assert_cmpstr (g_hash_table_lookup (sd->metadata, "format"), ==, "pt");
  b = mlp_state_dict_lookup (sd, "bias");
  w = mlp_state_dict_lookup (sd, "weight");
  g_assert_cmpuint (b->ndim, ==, 1);
  g_assert_cmpuint (b->shape[0], ==, 2);
  g_assert_cmpfloat (b->data[0], ==, 0.5f);
  g_assert_cmpfloat (b->data[1], ==, -1.0f);
  g_assert_cmpuint (w->ndim, ==, 2);
  g_assert_cmpuint (w->shape[0], ==, 2);
  g_assert_cmpuint (w->shape[1], ==, 2);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat (w->data[i], ==, (float) (i + 1));

  /* and we write exactly the same bytes for the same state */
  g_assert_true (mlp_safetensors_save (ours, sd, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (ours, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, pytorch_file, sizeof pytorch_file - 1);
  g_unlink (path);
  g_unlink (ours);
}

/* F64, F16 and BF16 are converted to float32 */
static void
test_other_dtypes (void)
{
  /* F64: 1.5, -2; F16: 1.5, -2, 2^-24 (subnormal), -inf; BF16: 1.5, -2 */
  static const guint8 data[] =
    "\x00\x00\x00\x00\x00\x00\xf8\x3f" "\x00\x00\x00\x00\x00\x00\x00\xc0"
    "\x00\x3e" "\x00\xc0" "\x01\x00" "\x00\xfc"
    "\xc0\x3f" "\x00\xc0";
  g_autoptr(GBytes) bytes =
    make_file ("{\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
               " \"h\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[16,24]},"
               " \"bf\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[24,28]}}",
               data, sizeof data - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpStateDict) sd = NULL;
  gsize len;
  const guint8 *p = g_bytes_get_data (bytes, &len);
  MlpTensor *d, *h, *bf;

  sd = mlp_safetensors_parse (p, len, "dtypes", &error);
  g_assert_no_error (error);
  d = mlp_state_dict_lookup (sd, "d");
  h = mlp_state_dict_lookup (sd, "h");
  bf = mlp_state_dict_lookup (sd, "bf");
  g_assert_cmpfloat (d->data[0], ==, 1.5f);
  g_assert_cmpfloat (d->data[1], ==, -2.0f);
  g_assert_cmpfloat (h->data[0], ==, 1.5f);
  g_assert_cmpfloat (h->data[1], ==, -2.0f);
  g_assert_cmpfloat (h->data[2], ==, 1.0f / 16777216.0f);
  g_assert_true (isinf (h->data[3]) && h->data[3] < 0);
  g_assert_cmpfloat (bf->data[0], ==, 1.5f);
  g_assert_cmpfloat (bf->data[1], ==, -2.0f);
}

/* What the spec allows and we must accept: whitespace, escapes, unknown
 * members, tensors listed out of data order, gaps, an empty header object. */
static void
test_lenient_inputs (void)
{
  static const guint8 data[12] = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes =
    make_file (" \t\r\n{ \"b\" : { \"data_offsets\" : [ 8 , 12 ] , \"shape\" : [ ] , \"dtype\" : \"F32\" ,"
               "  \"extra\": {\"x\": [1, -2.5e+3, 0.0, true, false, null, \"s\", [[[{}]]], {\"k\": []}]} } ,"
               " \"\\u0041\\n\\\"\\\\\\/\\b\\f\\r\\t\\u00e9\\ud83d\\ude00\" : {\"dtype\":\"F32\",\"shape\":[1,1,1,1],\"data_offsets\":[0,4]},"
               " \"z\": {\"dtype\": \"F32\", \"shape\": [0, 7], \"data_offsets\": [12, 12]},"
               " \"__metadata__\" : { } }   \n ",
               data, sizeof data);
  g_autoptr(MlpStateDict) sd = NULL;
  gsize len;
  const guint8 *p = g_bytes_get_data (bytes, &len);

  sd = mlp_safetensors_parse (p, len, "lenient", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sd->names->len, ==, 3);
  /* in data order, not header order */
  g_assert_cmpstr (sd->names->pdata[0], ==, "A\n\"\\/\b\f\r\té😀");
  g_assert_cmpstr (sd->names->pdata[1], ==, "b");
  g_assert_cmpstr (sd->names->pdata[2], ==, "z");
  g_assert_cmpuint (((MlpTensor *) sd->tensors->pdata[0])->ndim, ==, 4);
  g_assert_cmpuint (((MlpTensor *) sd->tensors->pdata[1])->ndim, ==, 0);
  g_assert_cmpuint (((MlpTensor *) sd->tensors->pdata[2])->numel, ==, 0);
  g_clear_pointer (&sd, mlp_state_dict_free);
  g_clear_pointer (&bytes, g_bytes_unref);

  bytes = make_file ("{}", NULL, 0);
  p = g_bytes_get_data (bytes, &len);
  sd = mlp_safetensors_parse (p, len, "empty", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sd->names->len, ==, 0);
}

/* ---------------------------------------------------------------------------
 * Corrupt files
 * ------------------------------------------------------------------------- */

#define T(shape, offsets) "{\"dtype\":\"F32\",\"shape\":" shape ",\"data_offsets\":" offsets "}"

static void
test_bad_sizes (void)
{
  g_autoptr(GBytes) tiny = g_bytes_new_static ("\x02\0\0\0\0", 5);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  guint8 big[120] = { 0 };
  g_autoptr(GBytes) long_header = NULL;
  g_autoptr(GBytes) absurd = NULL;
  g_autoptr(GBytes) over_limit = NULL;
  g_autoptr(GBytes) truncated = NULL;

  assert_parse_fails (tiny, MLP_ERROR_FORMAT, "has 5 bytes, too few");
  assert_parse_fails (empty, MLP_ERROR_FORMAT, "has 0 bytes");

  big[0] = 0x40; big[1] = 0x42; big[2] = 0x0f;     /* 1000000 */
  long_header = g_bytes_new (big, sizeof big);
  assert_parse_fails (long_header, MLP_ERROR_FORMAT,
                      "the header says it is 1000000 bytes long but the file has only 120 bytes");

  memset (big, 0, 8);
  big[7] = 0x80;                                    /* 2^63 */
  absurd = g_bytes_new (big, sizeof big);
  assert_parse_fails (absurd, MLP_ERROR_FORMAT, "9223372036854775808 bytes long");

  memset (big, 0, 8);
  big[0] = 0x01; big[1] = 0xe1; big[2] = 0xf5; big[3] = 0x05;   /* 100000001 */
  over_limit = g_bytes_new (big, sizeof big);
  assert_parse_fails (over_limit, MLP_ERROR_FORMAT, "more than the 100000000");

  /* a whole file cut short in its data */
  truncated = g_bytes_new (pytorch_file, sizeof pytorch_file - 1 - 3);
  assert_parse_fails (truncated, MLP_ERROR_FORMAT, "tensor 'weight' has data_offsets [8, 24] but the file has only 21 bytes of data");
  g_clear_pointer (&truncated, g_bytes_unref);
  truncated = g_bytes_new (pytorch_file, 100);
  assert_parse_fails (truncated, MLP_ERROR_FORMAT, "the header says it is 152 bytes long");
}

static void
test_bad_json (void)
{
  /* not an object */
  assert_header_fails ("", 0, "not a JSON object (it is empty)");
  assert_header_fails ("      ", 0, "not a JSON object");
  assert_header_fails ("[1, 2]", 0, "not a JSON object");
  assert_header_fails ("\"a\"", 0, "not a JSON object");
  assert_header_fails ("null", 0, "not a JSON object");

  /* unterminated, unbalanced, trailing commas */
  assert_header_fails ("{\"a\":{\"dtype\":\"F32", 0, "a string is not terminated");
  assert_header_fails ("{\"a", 0, "a string is not terminated");
  assert_header_fails ("{\"a\":" T ("[1]", "[0,4]"), 4, "the header ends where ',' or '}' was expected");
  assert_header_fails ("{\"a\":" T ("[1]", "[0,4]") ",}", 4, "trailing comma");
  assert_header_fails ("{\"a\":" T ("[1]", "[0,4]") "}}", 4, "more after the header's closing '}'");
  assert_header_fails ("{\"a\":" T ("[1]", "[0,4]") "} x", 4, "more after the header's closing '}'");
  assert_header_fails ("{\"a\":" T ("[1,]", "[0,4]") "}", 4, "found ']' where a number was expected");
  assert_header_fails ("{\"a\":{\"dtype\":\"F32\",\"shape\":[1}}", 4, "found '}' where ',' or ']' was expected");
  assert_header_fails ("{\"a\":" T ("[1", "[0,4]") "}", 4, "holds something other than integers");
  assert_header_fails ("{\"a\":{\"dtype\":\"F32\",}}", 0, "where a string in double quotes was expected");
  assert_header_fails ("{\"__metadata__\":{\"a\":\"b\",}}", 0, "where a string in double quotes was expected");
  assert_header_fails ("{\"a\" " T ("[1]", "[0,4]") "}", 4, "found '{' where ':' was expected");
  assert_header_fails ("{a:1}", 0, "found 'a' where a string in double quotes was expected");
  assert_header_fails ("{\"a\":{\"x\":[1 2]}}", 0, "found '2' where ',' or ']' was expected");
  assert_header_fails ("{\"a\":{\"x\":tru}}", 0, "where a JSON value was expected");
  assert_header_fails ("{\"a\":{\"x\":nul", 0, "where a JSON value was expected");
  assert_header_fails ("{\"a\":{\"x\":'s'}}", 0, "found ''' where a JSON value was expected");

  /* strings */
  assert_header_fails ("{\"a\\q\":" T ("[1]", "[0,4]") "}", 4, "'\\q' is not a JSON escape");
  assert_header_fails ("{\"a\\", 0, "a string ends in the middle of an escape");
  assert_header_fails ("{\"a\\u12G4\":1}", 0, "\\u must be followed by 4 hex digits");
  assert_header_fails ("{\"a\\u12", 0, "\\u must be followed by 4 hex digits");
  assert_header_fails ("{\"\\ud83d\":1}", 0, "must be followed by a second \\u escape");
  assert_header_fails ("{\"\\ud83d\\u0041\":1}", 0, "not a valid surrogate pair");
  assert_header_fails ("{\"\\ude00\":1}", 0, "without a first");
  assert_header_fails ("{\"a\\u0000b\":1}", 0, "NUL character");
  assert_header_fails ("{\"a\tb\":1}", 0, "control character 0x09");
  assert_header_fails ("{\"a\xff\":1}", 0, "not UTF-8");
  assert_header_fails ("{\"a\xc3\":1}", 0, "not UTF-8");

  /* numbers */
  assert_header_fails ("{\"a\":" T ("[01]", "[0,4]") "}", 4, "numbers may not start with 0");
  assert_header_fails ("{\"a\":{\"x\":-}}", 0, "where a number was expected");
  assert_header_fails ("{\"a\":{\"x\":1.}}", 0, "a digit after the decimal point");
  assert_header_fails ("{\"a\":{\"x\":1e+}}", 0, "a digit in the exponent");
  assert_header_fails ("{\"a\":{\"x\":+1}}", 0, "found '+' where a JSON value was expected");
}

static void
test_nested_too_deep (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"x\":");
  g_autoptr(GString) ok = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  assert_header_fails (deep->str, 4, "nests JSON deeper than 64 levels");
  g_string_truncate (deep, 0);
  g_string_append (deep, "{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"x\":");
  for (guint i = 0; i < 100; i++)
    g_string_append (deep, "{\"k\":");
  assert_header_fails (deep->str, 4, "nests JSON deeper than 64 levels");

  /* 60 levels are fine */
  ok = g_string_new ("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"x\":");
  for (guint i = 0; i < 60; i++)
    g_string_append_c (ok, '[');
  for (guint i = 0; i < 60; i++)
    g_string_append_c (ok, ']');
  g_string_append (ok, "}}");
  {
    static const guint8 data[4] = { 0 };
    g_autoptr(GBytes) bytes = make_file (ok->str, data, 4);
    g_autoptr(GError) error = NULL;
    g_autoptr(MlpStateDict) sd = NULL;
    gsize len;
    const guint8 *p = g_bytes_get_data (bytes, &len);

    sd = mlp_safetensors_parse (p, len, "deep", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sd->names->len, ==, 1);
  }
}

static void
test_bad_content (void)
{
  /* dtypes */
  assert_header_fails ("{\"x\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8,
                       "tensor 'x' has dtype I64; MLP Lab reads F32, F64, F16 and BF16 only");
  assert_header_fails ("{\"x\":{\"dtype\":\"f32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "has dtype f32");
  assert_header_fails ("{\"x\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", 4,
                       "dtype of tensor 'x' is not a string");

  /* shapes and offsets */
  assert_header_fails ("{\"W\":" T ("[2,2]", "[0,12]") "}", 12,
                       "tensor 'W' has shape (2, 2), 4 F32 values in 16 bytes, but its data_offsets [0, 12] span 12 bytes");
  assert_header_fails ("{\"b\":" T ("[3]", "[0,4]") "}", 4, "shape (3,), 3 F32 values");
  assert_header_fails ("{\"s\":" T ("[]", "[0,0]") "}", 4, "shape (), 1 F32 values");
  assert_header_fails ("{\"W\":" T ("[1,1,1,1,1]", "[0,4]") "}", 4, "tensor 'W' has 5 dimensions; MLP Lab handles at most 4");
  assert_header_fails ("{\"W\":" T ("[-1]", "[0,4]") "}", 4, "shape of tensor 'W' holds a negative");
  assert_header_fails ("{\"W\":" T ("[1.0]", "[0,4]") "}", 4, "shape of tensor 'W' holds a negative, fractional");
  assert_header_fails ("{\"W\":" T ("[1e0]", "[0,4]") "}", 4, "shape of tensor 'W' holds");
  assert_header_fails ("{\"W\":" T ("[18446744073709551616]", "[0,4]") "}", 4, "too large number");
  assert_header_fails ("{\"W\":" T ("[4294967296,4294967296]", "[0,0]") "}", 0, "impossibly large shape");
  assert_header_fails ("{\"W\":" T ("[4611686018427387904]", "[0,0]") "}", 0, "impossibly large shape");
  assert_header_fails ("{\"W\":{\"dtype\":\"F64\",\"shape\":[2305843009213693952],\"data_offsets\":[0,0]}}", 0,
                       "impossibly large shape (2305843009213693952,)");
  assert_header_fails ("{\"W\":" T ("[\"2\"]", "[0,8]") "}", 8, "shape of tensor 'W' holds something other than integers");
  assert_header_fails ("{\"W\":" T ("2", "[0,8]") "}", 8, "shape of tensor 'W' is not a list of integers");
  assert_header_fails ("{\"W\":" T ("[1]", "[0]") "}", 4, "data_offsets of tensor 'W' has 1 numbers");
  assert_header_fails ("{\"W\":" T ("[1]", "[0,4,8]") "}", 8, "has 3 numbers");
  assert_header_fails ("{\"W\":" T ("[0]", "[8,4]") "}", 8, "tensor 'W' ends (at 4) before it begins (at 8)");

  /* out of range, overlapping */
  assert_header_fails ("{\"W\":" T ("[2]", "[8,16]") "}", 12,
                       "tensor 'W' has data_offsets [8, 16] but the file has only 12 bytes of data");
  assert_header_fails ("{\"W\":" T ("[2]", "[18446744073709551608,0]") "}", 0, "before it begins");
  assert_header_fails ("{\"a\":" T ("[4]", "[0,16]") ",\"b\":" T ("[4]", "[8,24]") "}", 24,
                       "tensors 'a' and 'b' overlap (the first ends at byte 16, the second begins at 8)");
  assert_header_fails ("{\"b\":" T ("[2]", "[4,12]") ",\"a\":" T ("[4]", "[0,16]") "}", 16, "tensors 'a' and 'b' overlap");
  assert_header_fails ("{\"a\":" T ("[2]", "[0,8]") ",\"b\":" T ("[2]", "[0,8]") "}", 8, "overlap");
  assert_header_fails ("{\"a\":" T ("[4]", "[0,16]") ",\"e\":" T ("[0]", "[8,8]") "}", 16, "tensors 'a' and 'e' overlap");

  /* structure */
  assert_header_fails ("{\"a\":" T ("[1]", "[0,4]") ",\"a\":" T ("[1]", "[4,8]") "}", 8, "has tensor 'a' twice");
  assert_header_fails ("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4,
                       "tensor 'a' has \"dtype\" twice");
  assert_header_fails ("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "tensor 'a' has no \"dtype\"");
  assert_header_fails ("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4, "tensor 'a' has no \"shape\"");
  assert_header_fails ("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4, "tensor 'a' has no \"data_offsets\"");
  assert_header_fails ("{\"a\":{}}", 4, "tensor 'a' has no \"dtype\"");
  assert_header_fails ("{\"a\":[]}", 4, "the entry of tensor 'a' is not an object");
  assert_header_fails ("{\"__metadata__\":[]}", 0, "\"__metadata__\" is not an object of strings");
  assert_header_fails ("{\"__metadata__\":{\"epochs\":10}}", 0, "the metadata value of 'epochs' is not a string");
  assert_header_fails ("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0, "the metadata has 'k' twice");
  assert_header_fails ("{\"__metadata__\":{},\"__metadata__\":{}}", 0, "has \"__metadata__\" twice");
}

/* load() names the file in every message, too */
static void
test_load_errors (void)
{
  g_autofree char *missing = tmp_path ("no-such-file.safetensors");
  g_autofree char *corrupt = tmp_path ("corrupt.safetensors");
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpStateDict) sd = NULL;

  sd = mlp_safetensors_load (missing, &error);
  g_assert_null (sd);
  g_assert_error (error, MLP_ERROR, MLP_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  sd = mlp_safetensors_load (tmp_dir, &error);
  g_assert_null (sd);
  g_assert_error (error, MLP_ERROR, MLP_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "is a folder, not a regular file"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (corrupt, (const char *) pytorch_file, 50, NULL));
  sd = mlp_safetensors_load (corrupt, &error);
  g_assert_null (sd);
  g_assert_error (error, MLP_ERROR, MLP_ERROR_FORMAT);
  g_assert_true (g_str_has_prefix (error->message, corrupt));
  g_assert_nonnull (strstr (error->message, "152 bytes long but the file has only 50 bytes"));
  g_clear_error (&error);
  g_unlink (corrupt);
}

/* ---------------------------------------------------------------------------
 * Saving
 * ------------------------------------------------------------------------- */

static void
test_save_missing_folder (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "no-such-folder", "model.safetensors", NULL);
  g_autoptr(MlpStateDict) sd = make_sample_state ();
  g_autoptr(GError) error = NULL;

  g_assert_false (mlp_safetensors_save (path, sd, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_save_bad_names (void)
{
  g_autofree char *path = tmp_path ("bad-names.safetensors");
  g_autoptr(MlpStateDict) sd = mlp_state_dict_new ();
  g_autoptr(MlpTensor) t = mlp_tensor_new_scalar (1.0f);
  g_autoptr(GError) error = NULL;

  mlp_state_dict_add (sd, "__metadata__", t);
  g_assert_false (mlp_safetensors_save (path, sd, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "reserved"));
  g_clear_error (&error);
  g_clear_pointer (&sd, mlp_state_dict_free);

  sd = mlp_state_dict_new ();
  mlp_state_dict_add (sd, "bad \xff name", t);
  g_assert_false (mlp_safetensors_save (path, sd, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* the struct is public: duplicates can be made by hand */
  g_ptr_array_add (sd->names, g_strdup ("bad \xff name"));
  g_ptr_array_add (sd->tensors, mlp_tensor_ref (t));
  g_free (sd->names->pdata[0]);
  sd->names->pdata[0] = g_strdup ("twice");
  g_free (sd->names->pdata[1]);
  sd->names->pdata[1] = g_strdup ("twice");
  g_assert_false (mlp_safetensors_save (path, sd, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "two tensors named 'twice'"));
  g_clear_error (&error);
  g_ptr_array_set_size (sd->names, 1);
  g_ptr_array_set_size (sd->tensors, 1);

  g_hash_table_insert (sd->metadata, g_strdup ("k"), g_strdup ("\xc3"));
  g_assert_false (mlp_safetensors_save (path, sd, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_save_replaces (void)
{
  g_autofree char *path = tmp_path ("replace.safetensors");
  g_autofree char *listing = NULL;
  g_autoptr(MlpStateDict) big = make_sample_state ();
  g_autoptr(MlpStateDict) small = mlp_state_dict_new ();
  g_autoptr(MlpStateDict) loaded = NULL;
  g_autoptr(MlpTensor) t = mlp_tensor_new_scalar (42.0f);
  g_autoptr(GError) error = NULL;

  mlp_state_dict_add (small, "answer", t);
  g_assert_true (mlp_safetensors_save (path, big, &error));
  g_assert_no_error (error);
  g_assert_true (mlp_safetensors_save (path, small, &error));
  g_assert_no_error (error);

  loaded = mlp_safetensors_load (path, &error);
  g_assert_no_error (error);
  assert_state_dicts_equal (small, loaded);

  /* no temporary file is left behind */
  listing = list_tmp_dir ();
  g_assert_cmpstr (listing, ==, "replace.safetensors");
  g_unlink (path);
}

#ifdef RLIMIT_FSIZE
/* A write that fails half-way (here: the file-size limit) leaves the old
 * checkpoint as it was and no temporary file. */
static void
test_save_failure_keeps_old (void)
{
  g_autofree char *path = tmp_path ("keep.safetensors");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(MlpStateDict) small = make_sample_state ();
  g_autoptr(MlpStateDict) huge = mlp_state_dict_new ();
  g_autoptr(MlpTensor) t = mlp_tensor_new_2d (512, 512);
  g_autoptr(GError) error = NULL;
  struct rlimit old_limit, limit;
  gsize before_len, after_len;
  void (*old_handler) (int);

  mlp_state_dict_add (huge, "W", t);
  g_assert_true (mlp_safetensors_save (path, small, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  if (old_limit.rlim_cur != RLIM_INFINITY && old_limit.rlim_cur < 100000)
    {
      g_test_skip ("the file size limit is already low");
      g_unlink (path);
      return;
    }
  limit = old_limit;
  limit.rlim_cur = 100000;
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  g_assert_false (mlp_safetensors_save (path, huge, &error));
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  signal (SIGXFSZ, old_handler);

  g_assert_error (error, MLP_ERROR, MLP_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  listing = list_tmp_dir ();
  g_assert_cmpstr (listing, ==, "keep.safetensors");
  g_unlink (path);
}
#endif

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("test-safetensors-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/safetensors/state-dict", test_state_dict);
  g_test_add_func ("/safetensors/state-dict-update", test_state_dict_update);
  g_test_add_func ("/safetensors/dtype-convert", test_dtype_convert);
  g_test_add_func ("/safetensors/round-trip", test_round_trip);
  g_test_add_func ("/safetensors/round-trip-empty", test_round_trip_empty);
  g_test_add_func ("/safetensors/pytorch-file", test_pytorch_file);
  g_test_add_func ("/safetensors/other-dtypes", test_other_dtypes);
  g_test_add_func ("/safetensors/lenient-inputs", test_lenient_inputs);
  g_test_add_func ("/safetensors/bad-sizes", test_bad_sizes);
  g_test_add_func ("/safetensors/bad-json", test_bad_json);
  g_test_add_func ("/safetensors/nested-too-deep", test_nested_too_deep);
  g_test_add_func ("/safetensors/bad-content", test_bad_content);
  g_test_add_func ("/safetensors/load-errors", test_load_errors);
  g_test_add_func ("/safetensors/save-missing-folder", test_save_missing_folder);
  g_test_add_func ("/safetensors/save-bad-names", test_save_bad_names);
  g_test_add_func ("/safetensors/save-replaces", test_save_replaces);
#ifdef RLIMIT_FSIZE
  g_test_add_func ("/safetensors/save-failure-keeps-old", test_save_failure_keeps_old);
#endif

  ret = g_test_run ();

  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
