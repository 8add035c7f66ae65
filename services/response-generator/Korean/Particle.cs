namespace Growbin.ResponseGenerator.Korean;

/// <summary>The particles whose form depends on the word before them.</summary>
public enum Particle
{
    /// <summary>은/는</summary>
    Topic,

    /// <summary>이/가</summary>
    Subject,

    /// <summary>을/를</summary>
    Object,

    /// <summary>으로/로 (ㄹ받침 takes 로: 물로)</summary>
    Direction,
}
