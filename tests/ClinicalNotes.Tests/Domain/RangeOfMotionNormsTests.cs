using ClinicalNotes.Api.Domain;

namespace ClinicalNotes.Tests.Domain;

public sealed class RangeOfMotionNormsTests
{
    [Theory]
    [InlineData("cervical-spine", "flexion", 0, true)]
    [InlineData("cervical-spine", "flexion", 80, true)]
    [InlineData("cervical-spine", "flexion", 81, false)]
    [InlineData("cervical-spine", "rotation-left", 90, true)]
    [InlineData("lumbar-spine", "extension", 30, true)]
    [InlineData("lumbar-spine", "extension", 31, false)]
    [InlineData("lumbar-spine", "flexion", 60, true)]
    [InlineData("shoulder-left", "flexion", 180, true)]
    [InlineData("shoulder-right", "flexion", 181, false)]
    [InlineData("shoulder-right", "flexion", 400, false)]
    [InlineData("shoulder-left", "external-rotation", 90, true)]
    [InlineData("hip-left", "flexion", 120, true)]
    [InlineData("hip-right", "flexion", 121, false)]
    [InlineData("knee-left", "flexion", 150, true)]
    [InlineData("ankle-right", "dorsiflexion", 21, false)]
    [InlineData("wrist-left", "ulnar-deviation", 30, true)]
    [InlineData("elbow-right", "flexion", -1, false)]
    public void Degrees_are_within_the_bounds_of_the_joint_and_movement(string joint, string movement, int degrees, bool within)
    {
        Assert.True(RangeOfMotionNorms.TryGetRange(joint, movement, out var range));
        Assert.Equal(within, range.Contains(degrees));
    }

    [Theory]
    [InlineData("knee-left", "abduction")]
    [InlineData("lumbar-spine", "rotation-left")]
    [InlineData("shoulder", "flexion")]
    [InlineData("tail", "wagging")]
    [InlineData(null, "flexion")]
    [InlineData("hip-left", null)]
    public void A_movement_a_joint_does_not_have_has_no_range(string? joint, string? movement) =>
        Assert.False(RangeOfMotionNorms.TryGetRange(joint, movement, out _));

    [Fact]
    public void Limb_joints_are_measured_per_side_with_the_same_bounds()
    {
        foreach (var limb in new[] { "shoulder", "elbow", "forearm", "wrist", "hip", "knee", "ankle" })
        {
            Assert.Equal(RangeOfMotionNorms.MovementsOf(limb + "-left"), RangeOfMotionNorms.MovementsOf(limb + "-right"));
            Assert.False(RangeOfMotionNorms.IsKnownJoint(limb));
        }
    }

    [Fact]
    public void Every_joint_has_movements_with_a_positive_upper_bound()
    {
        Assert.NotEmpty(RangeOfMotionNorms.Joints);
        foreach (var joint in RangeOfMotionNorms.Joints)
        {
            Assert.NotEmpty(RangeOfMotionNorms.MovementsOf(joint));
            foreach (var movement in RangeOfMotionNorms.MovementsOf(joint))
            {
                Assert.True(RangeOfMotionNorms.TryGetRange(joint, movement, out var range));
                Assert.True(range is { Min: 0, Max: > 0 and <= 180 }, $"{joint} {movement}: {range}");
            }
        }
    }
}
