using System.Buffers;
using MetricsOperator.Serving.Api;
using MetricsOperator.Serving.Protobuf;

namespace MetricsOperator.Tests.Serving.Protobuf;

/// <summary>Our protobuf bodies as protoc reads them, by field numbers alone and by the upstream message definitions.</summary>
public sealed class ProtocDecodeTests
{
    private const string NodeListType = "k8s.io.metrics.pkg.apis.metrics.v1beta1.NodeMetricsList";
    private const string PodListType = "k8s.io.metrics.pkg.apis.metrics.v1beta1.PodMetricsList";
    private const string EnvelopeType = "k8s.io.apimachinery.pkg.runtime.Unknown";

    private readonly ProtobufMetricsRepresentation _representation = new();

    [Test]
    public async Task Node_list_decodes_to_the_served_values()
    {
        var body = Write((output, context) => _representation.WriteNodeList(output, ServedSamples.Nodes(), context), includeSwap: true);

        var envelope = await Protoc.DecodeAsync(body[4..], EnvelopeType);
        Assert.That(envelope, Does.StartWith("typeMeta {\n  apiVersion: \"metrics.k8s.io/v1beta1\"\n  kind: \"NodeMetricsList\"\n}\nraw: \""));

        var decoded = await Protoc.DecodeAsync(WireDecoder.Envelope(body).Raw, NodeListType);
        Assert.That(decoded, Is.EqualTo("""
            metadata {
            }
            items {
              metadata {
                name: "node-a"
                creationTimestamp {
                  seconds: 1633252740
                }
                labels {
                  key: "kubernetes.io/hostname"
                  value: "node-a"
                }
                labels {
                  key: "kubernetes.io/os"
                  value: "linux"
                }
              }
              timestamp {
                seconds: 1633252737
              }
              window {
                duration: 15021000000
              }
              usage {
                key: "cpu"
                value {
                  string: "250m"
                }
              }
              usage {
                key: "memory"
                value {
                  string: "1Gi"
                }
              }
            }
            items {
              metadata {
                name: "node-b"
                creationTimestamp {
                  seconds: 1633252740
                }
              }
              timestamp {
                seconds: 1633252737
              }
              window {
                duration: 60000000000
              }
              usage {
                key: "cpu"
                value {
                  string: "1500m"
                }
              }
              usage {
                key: "memory"
                value {
                  string: "3Gi"
                }
              }
              usage {
                key: "swap"
                value {
                  string: "512Mi"
                }
              }
            }

            """));
    }

    [Test]
    public async Task Pod_list_decodes_to_the_served_values_with_labels_in_key_order()
    {
        var store = ServedSamples.PodStore();
        using var view = store.OpenView();
        var body = Write((output, context) => _representation.WritePodList(output, ServedSamples.Pods(view), context), includeSwap: false);

        var envelope = await Protoc.DecodeAsync(body[4..], EnvelopeType);
        Assert.That(envelope, Does.StartWith("typeMeta {\n  apiVersion: \"metrics.k8s.io/v1beta1\"\n  kind: \"PodMetricsList\"\n}\nraw: \""));

        var decoded = await Protoc.DecodeAsync(WireDecoder.Envelope(body).Raw, PodListType);
        Assert.That(decoded, Is.EqualTo("""
            metadata {
            }
            items {
              metadata {
                name: "web-1"
                namespace: "default"
                creationTimestamp {
                  seconds: 1633252740
                }
                labels {
                  key: "a-first"
                  value: "x"
                }
                labels {
                  key: "app"
                  value: "web"
                }
                labels {
                  key: "tier"
                  value: "frontend"
                }
              }
              timestamp {
                seconds: 1633252737
              }
              window {
                duration: 15000000000
              }
              containers {
                name: "app"
                usage {
                  key: "cpu"
                  value {
                    string: "5m"
                  }
                }
                usage {
                  key: "memory"
                  value {
                    string: "20Mi"
                  }
                }
              }
              containers {
                name: "sidecar"
                usage {
                  key: "cpu"
                  value {
                    string: "20u"
                  }
                }
                usage {
                  key: "memory"
                  value {
                    string: "12240Ki"
                  }
                }
              }
            }
            items {
              metadata {
                name: "coredns-x"
                namespace: "kube-system"
                creationTimestamp {
                  seconds: 1633252740
                }
                labels {
                  key: "k8s-app"
                  value: "kube-dns"
                }
              }
              timestamp {
                seconds: 1633252737
              }
              window {
                duration: 15000000000
              }
              containers {
                name: "coredns"
                usage {
                  key: "cpu"
                  value {
                    string: "4710169n"
                  }
                }
                usage {
                  key: "memory"
                  value {
                    string: "12240Ki"
                  }
                }
              }
            }

            """));
    }

    [Test]
    public async Task Single_node_decodes_raw_by_field_numbers()
    {
        var node = ServedSamples.Nodes()[1];
        var body = Write((output, context) => _representation.WriteNode(output, node, context), includeSwap: false);

        var decoded = await Protoc.DecodeRawAsync(body[4..]);
        Assert.That(decoded, Is.EqualTo("""
            1 {
              1: "metrics.k8s.io/v1beta1"
              2: "NodeMetrics"
            }
            2 {
              1 {
                1: "node-b"
                8 {
                  1: 1633252740
                }
              }
              2 {
                1: 1633252737
              }
              3 {
                1: 60000000000
              }
              4 {
                1: "cpu"
                2 {
                  1: "1500m"
                }
              }
              4 {
                1: "memory"
                2 {
                  1: "3Gi"
                }
              }
            }

            """));
    }

    [Test]
    public async Task Single_pod_has_its_kind_in_the_envelope_and_swap_when_served()
    {
        var store = ServedSamples.PodStore();
        using var view = store.OpenView();
        var pod = ServedSamples.Pods(view)[0];
        var body = Write((output, context) => _representation.WritePod(output, pod, context), includeSwap: true);

        var envelope = WireDecoder.Envelope(body);
        Assert.That((envelope.ApiVersion, envelope.Kind), Is.EqualTo(("metrics.k8s.io/v1beta1", "PodMetrics")));
        var decoded = await Protoc.DecodeAsync(envelope.Raw, "k8s.io.metrics.pkg.apis.metrics.v1beta1.PodMetrics");
        Assert.That(decoded, Does.Contain("""
              usage {
                key: "swap"
                value {
                  string: "1k"
                }
              }
            }

            """));
        Assert.That(decoded, Does.StartWith("metadata {\n  name: \"web-1\"\n  namespace: \"default\"\n"));
    }

    internal static byte[] Write(Action<IBufferWriter<byte>, RepresentationContext> write, bool includeSwap)
    {
        var output = new ArrayBufferWriter<byte>();
        write(output, new RepresentationContext(ServedSamples.Now, includeSwap));
        return output.WrittenSpan.ToArray();
    }
}
