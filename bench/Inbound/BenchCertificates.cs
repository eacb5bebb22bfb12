using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OkrBot.Bench.Inbound;

/// <summary>
/// TLS for the fake Bot Connector: a throwaway CA made for this run and a certificate for 127.0.0.1 it signs. The servers
/// trust the CA through their own environment only (<c>SSL_CERT_FILE</c>: the system's bundle plus this CA, for .NET;
/// <c>NODE_EXTRA_CA_CERTS</c> for Node): nothing on the machine is changed.
/// </summary>
public sealed class BenchCertificates : IDisposable
{
    private BenchCertificates(X509Certificate2 server, string caFile, string bundleFile)
    {
        Server = server;
        CaFile = caFile;
        BundleFile = bundleFile;
    }

    /// <summary>The connector's certificate, with its private key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The CA alone, PEM (for NODE_EXTRA_CA_CERTS).</summary>
    public string CaFile { get; }

    /// <summary>The system's trusted CAs and this CA, PEM (for SSL_CERT_FILE).</summary>
    public string BundleFile { get; }

    public static BenchCertificates Create(string directory)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=OkrBot inbound benchmark CA (throwaway)", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var signed = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        using var withKey = signed.CopyWithPrivateKey(serverKey);
        // Through PKCS#12 so the key is a persisted one that SslStream takes on every platform.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);

        var caFile = Path.Combine(directory, "bench-ca.pem");
        File.WriteAllText(caFile, ca.ExportCertificatePem() + "\n");
        var system = Environment.GetEnvironmentVariable("SSL_CERT_FILE") is { Length: > 0 } given && File.Exists(given)
            ? given
            : "/etc/ssl/certs/ca-certificates.crt";
        var bundleFile = Path.Combine(directory, "bench-ca-bundle.pem");
        File.WriteAllText(bundleFile, (File.Exists(system) ? File.ReadAllText(system) + "\n" : "") + ca.ExportCertificatePem() + "\n");
        return new BenchCertificates(server, caFile, bundleFile);
    }

    public void Dispose() => Server.Dispose();
}
