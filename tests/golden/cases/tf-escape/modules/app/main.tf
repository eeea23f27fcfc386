# A stand-in for the app module: its outputs are what the test reads.
variable "size" {
  type    = string
  default = "small"
}

output "address" {
  value = "app.internal"
}
