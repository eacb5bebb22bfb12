using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace OkrBot.Tests.Manifests;

/// <summary>The icon checks are only as good as the PNG reader: it must undo every row filter an encoder may pick.</summary>
public sealed class PngTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Theory]
    [InlineData(Png.ColorTypeRgba)]
    [InlineData(Png.ColorTypeRgb)]
    public void Every_row_filter_is_undone_to_the_original_pixels(int colorType)
    {
        const int width = 7, height = 10;
        var channels = colorType == Png.ColorTypeRgba ? 4 : 3;
        var image = new byte[height][];
        for (var y = 0; y < height; y++)
        {
            image[y] = new byte[width * channels];
            for (var i = 0; i < image[y].Length; i++) image[y][i] = (byte)((y * 37 + i * 91 + i * i * 13) % 256);
        }
        // Rows 0-4 use filters 0-4 after a row of zeros; rows 5-9 use them again after real rows.
        File.WriteAllBytes(_file, Encode(width, height, colorType, image, filterOfRow: y => y % 5));

        var png = Png.Read(_file);
        var pixels = png.Pixels();

        Assert.Equal((width, height, 8, colorType), (png.Width, png.Height, png.BitDepth, png.ColorType));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var want = (image[y][x * channels], image[y][x * channels + 1], image[y][x * channels + 2], channels == 4 ? image[y][x * channels + 3] : (byte)255);
                Assert.Equal(want, pixels[y * width + x]);
            }
        }
    }

    [Fact]
    public void A_file_that_is_not_a_png_is_reported_as_such()
    {
        File.WriteAllText(_file, "GIF89a, not a PNG at all, but long enough to have a header");

        var error = Assert.Throws<InvalidDataException>(() => Png.Read(_file));

        Assert.Contains("is not a PNG", error.Message);
    }

    private static byte[] Encode(int width, int height, int colorType, byte[][] rows, Func<int, int> filterOfRow)
    {
        var channels = colorType == Png.ColorTypeRgba ? 4 : 3;
        using var raw = new MemoryStream();
        var previous = new byte[width * channels];
        for (var y = 0; y < height; y++)
        {
            var filter = filterOfRow(y);
            raw.WriteByte((byte)filter);
            for (var i = 0; i < rows[y].Length; i++)
            {
                int left = i >= channels ? rows[y][i - channels] : 0, up = previous[i], upLeft = i >= channels ? previous[i - channels] : 0;
                var predicted = filter switch { 0 => 0, 1 => left, 2 => up, 3 => (left + up) / 2, _ => Paeth(left, up, upLeft) };
                raw.WriteByte((byte)(rows[y][i] - predicted));
            }
            previous = rows[y];
        }
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(raw.ToArray());

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = (byte)colorType;
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    // The reader does not check CRCs, so zeros stand in for them.
    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        png.Write(Encoding.ASCII.GetBytes(type));
        png.Write(data);
        png.Write(new byte[4]);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
