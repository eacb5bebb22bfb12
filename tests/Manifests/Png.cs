using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace OkrBot.Tests.Manifests;

/// <summary>
/// Just enough of a PNG reader to check Teams icons: the IHDR header and, for 8-bit non-interlaced RGB or RGBA,
/// the pixels (all five row filters undone). Anything else is reported, not guessed at.
/// </summary>
public sealed record Png(int Width, int Height, int BitDepth, int ColorType, int Interlace, byte[] Idat)
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public const int ColorTypeRgb = 2;
    public const int ColorTypeRgba = 6;

    public static Png Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 33 || !bytes.AsSpan(0, 8).SequenceEqual(Signature))
            throw new InvalidDataException($"{path} is not a PNG: the signature is missing.");

        int? width = null, height = null, bitDepth = null, colorType = null, interlace = null;
        using var idat = new MemoryStream();
        for (var at = 8; at + 12 <= bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = Encoding.ASCII.GetString(bytes, at + 4, 4);
            var data = bytes.AsSpan(at + 8, length);
            if (at == 8 && type != "IHDR") throw new InvalidDataException($"{path}: the first chunk is {type}, not IHDR.");
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    bitDepth = data[8];
                    colorType = data[9];
                    interlace = data[12];
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }
            if (type == "IEND") break;
            at += 12 + length;
        }
        if (width is null) throw new InvalidDataException($"{path} has no IHDR chunk.");
        return new Png(width.Value, height!.Value, bitDepth!.Value, colorType!.Value, interlace!.Value, idat.ToArray());
    }

    /// <summary>Every pixel as (R, G, B, A), row by row; A is 255 for RGB images.</summary>
    public IReadOnlyList<(byte R, byte G, byte B, byte A)> Pixels()
    {
        if (BitDepth != 8 || Interlace != 0 || ColorType is not (ColorTypeRgb or ColorTypeRgba))
            throw new NotSupportedException($"Only 8-bit non-interlaced RGB(A) is read here, not bit depth {BitDepth}, colour type {ColorType}, interlace {Interlace}.");
        var channels = ColorType == ColorTypeRgba ? 4 : 3;
        var stride = Width * channels;

        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(Idat), CompressionMode.Decompress)) zlib.CopyTo(inflated);
        var raw = inflated.ToArray();
        if (raw.Length != Height * (stride + 1))
            throw new InvalidDataException($"The image data is {raw.Length} bytes, not {Height} rows of {stride + 1}.");

        var pixels = new List<(byte R, byte G, byte B, byte A)>(Width * Height);
        var previous = new byte[stride];
        var row = new byte[stride];
        for (var y = 0; y < Height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var line = raw.AsSpan(y * (stride + 1) + 1, stride);
            for (var i = 0; i < stride; i++)
            {
                int left = i >= channels ? row[i - channels] : 0, up = previous[i], upLeft = i >= channels ? previous[i - channels] : 0;
                row[i] = (byte)(line[i] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"Row {y} has filter type {filter}."),
                });
            }
            for (var x = 0; x < Width; x++)
                pixels.Add((row[x * channels], row[x * channels + 1], row[x * channels + 2], channels == 4 ? row[x * channels + 3] : (byte)255));
            (previous, row) = (row, previous);
        }
        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
