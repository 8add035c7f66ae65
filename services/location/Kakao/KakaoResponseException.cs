namespace Growbin.Location.Kakao;

/// <summary>Kakao answered 200 with a body that is not the documented search JSON.</summary>
public sealed class KakaoResponseException(string message, Exception? inner = null) : Exception(message, inner);
