# A stand-in for the a module: its outputs are what the test reads.
variable "size" {
  type    = string
  default = "small"
}

output "address" {
  value = "a.internal"
}
