# Generates the benign PyTorch fixtures in containers/ (small, committed).
# Run once from this folder with Debian's interpreter: /usr/bin/python3 generate_containers.py
import torch

torch.manual_seed(0)
linear = torch.nn.Linear(4, 2)
torch.save(linear.state_dict(), "containers/linear_zip.pt")
torch.save(linear.state_dict(), "containers/linear_legacy.pt", _use_new_zipfile_serialization=False)


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(4, 2)

    def forward(self, x):
        return torch.relu(self.linear(x)) * 2


torch.jit.save(torch.jit.script(Tiny()), "containers/tiny_script.pt")
