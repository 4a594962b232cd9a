-- Argo CD health for juliapod.dev JuliaPod and JuliaSysimage, read from the kstatus
-- conditions and phase the operator writes.
local hs = {}
if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the juliapod operator"
  return hs
end
if obj.metadata ~= nil and obj.metadata.generation ~= nil
    and obj.status.observedGeneration ~= nil
    and obj.status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to see the latest spec"
  return hs
end
local function condition(kind)
  for _, c in ipairs(obj.status.conditions) do
    if c.type == kind then
      return c
    end
  end
  return nil
end
-- Suspended by spec, or Idle: stopped by the operator for idleness, resumed by `juliapod start`.
if obj.status.phase == "Suspended" or obj.status.phase == "Idle" then
  hs.status = "Suspended"
  hs.message = obj.status.message or "Suspended"
  return hs
end
local stalled = condition("Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = stalled.message or obj.status.message or "Stalled"
  return hs
end
local ready = condition("Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or ""
  return hs
end
hs.status = "Progressing"
hs.message = obj.status.message or ""
return hs
