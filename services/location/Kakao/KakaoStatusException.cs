namespace Growbin.Location.Kakao;

/// <summary>Kakao answered with a non-2xx status.</summary>
public sealed class KakaoStatusException(int status, string body)
    : Exception($"Kakao Local answered {status}: {(body.Length <= 300 ? body : body[..300])}")
{
    public int Status { get; } = status;
}
